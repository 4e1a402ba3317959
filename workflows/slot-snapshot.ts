/**
 * The durable contract between the control plane and execution: what a trained notification slot
 * looks like inside workflow input and history. Plain types only (no zod): a change to the HTTP or
 * config-file schema must not silently change stored histories. Secrets never appear here; activities
 * read a channel's API key by `channel.id` at send time.
 */

/** `360dialog` = On-Premise API (`POST {base}/v1/messages`, namespace); `360dialog-cloud` = Cloud API. */
export type ChannelKind = '360dialog' | '360dialog-cloud';

/** SPEC section 2: media header (at most one), body text, button URL suffix or phone (`wa.me/+…`). */
export type TemplateParameterType = 'image' | 'document' | 'video' | 'body' | 'button_url';

export interface TemplateParameter {
  type: TemplateParameterType;
  /** A literal, a Jinja expression, or a context variable reference; rendered at send time. */
  value: string;
}

/** One `parse_request_body` rule: `requestKey` is a request-body key or an expression. */
export interface ParseRule {
  contextKey: string;
  requestKey: string;
}

export type Branch = 'fail' | 'no_account' | 'success';

/** A slot as published by a training: immutable, copied into each task at accept time. */
export interface SlotSnapshot {
  companyId: number;
  agentId: string;
  /** The training that published this snapshot (1, 2, …). */
  trainingVersion: number;
  slotId: string;
  slotName: string;
  webhook: string;
  channel: { id: string; kind: ChannelKind };
  /** The agent's dialog inactivity timeout (SPEC: default 900 s). */
  inactivityTimeoutSeconds: number;
  parseRequestBody: ParseRule[];
  destination: {
    templateName: string;
    namespace: string;
    languageCode: string;
    templateParameters: TemplateParameter[];
  };
  /** Optional URL per branch that receives a POST when a task ends in that branch. */
  branchHooks: Partial<Record<Branch, string>>;
}
