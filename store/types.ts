/**
 * The control plane's contracts. The intake, the callback endpoint and the activities code against
 * `SlotLookup` and `ChannelSecretsReader` only; the admin API and config-as-code use the rest of
 * `Store`. Records here are camelCase domain types: the snake_case HTTP and config-file schemas live in
 * `api/admin/` and are mapped to these by small typed functions, so neither contract drags the other.
 */
import type { TemplateCatalog } from '../catalog/template-catalog.js';
import type {
  Branch,
  ChannelKind,
  ParseRule,
  SlotSnapshot,
  TemplateParameter,
} from '../workflows/slot-snapshot.js';
import type { SendBucket } from './send-bucket/rules.js';

export type { Branch, ChannelKind, ParseRule, SlotSnapshot, TemplateParameter };
import type { ExecutionStore } from './execution-types.js';
export type * from './execution-types.js';
import type { AccessStore } from './access.js';
import type { TaskMonitor } from './task-monitor.js';

export interface CompanyView {
  id: number;
  rateLimitPerSecond: number;
}

/** What the intake needs for SPEC §3 rows 2, 6, 7 (in that order). */
export type WebhookResolution =
  | { outcome: 'company_not_found' } // malformed webhook or no such company
  | { outcome: 'notification_not_found'; company: CompanyView } // no live (trained) slot has this webhook
  | { outcome: 'channel_inactive'; company: CompanyView; slot: SlotSnapshot } // slot's channel deleted or inactive NOW
  | { outcome: 'ok'; company: CompanyView; slot: SlotSnapshot };

/** The intake's hot-path question, answered from memory (see `store/lookup-cache.ts`). */
export interface SlotLookup {
  resolveWebhook(webhook: string): Promise<WebhookResolution>;
}

/** Read by the branch-hook activity: the trained hook URL with its credentials, never in workflow history. */
export interface BranchHookCredentialsReader {
  /** undefined when the slot is not live or has no hook for `branch` */
  getBranchHookUrl(slotId: string, branch: Branch): Promise<string | undefined>;
}

/** Read by activities at send time and by the callback endpoint; never put into workflow input. */
export interface ChannelSecrets {
  id: string;
  companyId: number;
  kind: ChannelKind;
  baseUrl: string;
  apiKey: string;
  callbackSecret: string;
  active: boolean;
  /** The most template sends per second all workers together may make on this number. */
  sendRatePerSecond: number;
}

export interface ChannelSecretsReader {
  /** undefined if unknown or deleted */
  getChannelSecrets(channelId: string): Promise<ChannelSecrets | undefined>;
}

/** One failed rule: `field` is the snake_case path the API and config file speak (`destination.namespace`). */
export interface FieldError {
  field: string;
  message: string;
}

export interface Company extends CompanyView {
  createdAt: Date;
  updatedAt: Date;
}

/** A channel as it may be shown: no API key, no callback secret. */
export interface Channel {
  id: string;
  companyId: number;
  kind: ChannelKind;
  baseUrl: string;
  active: boolean;
  /** Sends per second the number may take (Meta's throughput tier); see README "Send pacing". */
  sendRatePerSecond: number;
  /**
   * The callback URL last registered with 360dialog for the current kind, base URL, key and secret;
   * null when never registered or when one of those changed since (a new key drops the webhook there).
   */
  callbacksRegisteredUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Agent {
  id: string;
  companyId: number;
  inactivityTimeoutSeconds: number;
  /** The training whose snapshot serves mailing requests now; null before the first training. */
  liveVersion: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The editable settings of a notification slot (SPEC §2), before training. */
export interface SlotSettings {
  name: string;
  destinationChannel: string;
  parseRequestBody: ParseRule[];
  destination: {
    templateName: string;
    namespace: string;
    languageCode: string;
    templateParameters: TemplateParameter[];
  };
  branchHooks: Partial<Record<Branch, string>>;
}

/** A saved slot (the draft) plus what its agent's live training serves for it. */
export interface Slot {
  id: string;
  agentId: string;
  companyId: number;
  settings: SlotSettings;
  /** The draft webhook: becomes live at the next training. */
  webhook: string;
  /** The webhook the live training serves for this slot; null when the slot is not live. */
  liveWebhook: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A published training: immutable, numbered per agent. */
export interface Training {
  agentId: string;
  version: number;
  createdAt: Date;
  slots: SlotSnapshot[];
}

/**
 * `warnings` (every outcome) are what the template check found that does not block: an expression
 * as template name, a template list 360dialog could not give, … (`catalog/`).
 */
export type TrainOutcome =
  | { outcome: 'trained'; version: number; slots: SlotSnapshot[]; warnings: FieldError[] }
  /** `onlyIfChanged` and the snapshot would equal the live one: nothing published. */
  | { outcome: 'unchanged'; version: number; warnings: FieldError[] }
  /** A slot broke a rule: nothing published, `liveVersion` still serves. */
  | { outcome: 'invalid'; errors: FieldError[]; liveVersion: number | null; warnings: FieldError[] };

export interface NewCompany {
  id: number;
  rateLimitPerSecond?: number;
}

export interface NewChannel {
  id?: string;
  companyId: number;
  kind: ChannelKind;
  baseUrl?: string;
  apiKey: string;
  callbackSecret?: string;
  active?: boolean;
  /** Default per kind: {@link DEFAULT_SEND_RATES} in store/channels.ts. */
  sendRatePerSecond?: number;
}

export interface ChannelPatch {
  kind?: ChannelKind;
  baseUrl?: string;
  apiKey?: string;
  callbackSecret?: string;
  active?: boolean;
  sendRatePerSecond?: number;
}

export interface NewAgent {
  id?: string;
  companyId: number;
  inactivityTimeoutSeconds?: number;
}

export interface NewSlot {
  id?: string;
  agentId: string;
  /** Pinned by a config file; generated when absent. */
  webhook?: string;
  settings: SlotSettings;
}

/** Admin operations: what a company configures before any mailing request can be accepted. */
export interface ControlPlane {
  createCompany(input: NewCompany): Promise<Company>;
  getCompany(id: number): Promise<Company | undefined>;
  listCompanies(): Promise<Company[]>;
  updateCompany(id: number, patch: { rateLimitPerSecond?: number }): Promise<Company>;

  /** `generatedCallbackSecret` is set only when the secret was generated here, so it can be shown once. */
  createChannel(input: NewChannel): Promise<{ channel: Channel; generatedCallbackSecret?: string }>;
  getChannel(id: string): Promise<Channel | undefined>;
  listChannels(companyId: number): Promise<Channel[]>;
  updateChannel(id: string, patch: ChannelPatch): Promise<Channel>;
  deleteChannel(id: string): Promise<void>;
  markCallbacksRegistered(id: string, callbackUrl: string): Promise<void>;

  createAgent(input: NewAgent): Promise<Agent>;
  getAgent(id: string): Promise<Agent | undefined>;
  listAgents(companyId: number): Promise<Agent[]>;
  updateAgent(id: string, patch: { inactivityTimeoutSeconds?: number }): Promise<Agent>;
  trainAgent(id: string, options?: { onlyIfChanged?: boolean }): Promise<TrainOutcome>;
  getTraining(agentId: string, version: number): Promise<Training | undefined>;

  createSlot(input: NewSlot): Promise<Slot>;
  getSlot(id: string): Promise<Slot | undefined>;
  listSlots(agentId: string): Promise<Slot[]>;
  updateSlot(id: string, settings: SlotSettings): Promise<Slot>;
  deleteSlot(id: string): Promise<void>;
  /** A new random webhook (or `pinned`), live from the agent's next training. */
  regenerateWebhook(id: string, pinned?: string): Promise<Slot>;
}

/** The channels' shared send bucket (store/send-bucket/): the send activity reserves its slots here. */
export interface Store
  extends
    SlotLookup,
    BranchHookCredentialsReader,
    ChannelSecretsReader,
    ControlPlane,
    ExecutionStore,
    SendBucket,
    AccessStore,
    TaskMonitor {
  /** Each channel's 360dialog templates: read, stored, refreshed (`catalog/`). */
  readonly templates: TemplateCatalog;
  /** One round trip to the database: the readiness probe's question. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
