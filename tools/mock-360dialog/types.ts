import type { FaultSpec, Flavour } from './schemas.js';

/** One API request the mock received, as the control API returns it for assertions. */
export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names lowercased (node does that), values joined with `, ` when repeated. */
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text when it was not JSON; null when empty. */
  body: unknown;
  key: string | null;
  receivedAt: string;
  /** null while unanswered and for `hang` / `reset` faults. */
  responseStatus: number | null;
  responseBody: unknown;
  fault: FaultSpec['type'] | null;
}

/** What a delivery carries: a status update of a sent message or an inbound event. */
export type DeliveryKind = 'status' | 'inbound';

/** One webhook POST attempt (retries are separate records sharing `deliveryId`). */
export interface DeliveryRecord {
  seq: number;
  deliveryId: number;
  attempt: number;
  kind: DeliveryKind;
  key: string;
  /** null when the key had no webhook configured (attempt 0, nothing sent). */
  url: string | null;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string;
  messageId: string | null;
  recipient: string | null;
  /** Status values carried by this POST, in order (empty for inbound). */
  statuses: string[];
  responseStatus: number | null;
  error: string | null;
  /** True only for HTTP 200, the one answer 360dialog counts as delivered (§6). */
  ok: boolean;
  at: string;
  durationMs: number;
}

/** A message the mock accepted; status callbacks and inbound replies refer to it. */
export interface SentMessage {
  id: string;
  key: string;
  flavour: Flavour;
  input: string;
  waId: string;
  type: string;
  template: { name: string; language: string } | null;
  /** Lowercase pricing category (`utility`, `marketing`, …; `service` for non-template). */
  category: string;
  bizOpaqueCallbackData: string | null;
  sentAt: string;
}

/** Webhook target stored by `POST /v1/configs/webhook` for one API key. */
export interface WebhookConfig {
  url: string;
  headers: Record<string, string>;
}

/** A registered fault with its remaining number of uses. */
export interface FaultEntry {
  id: number;
  remaining: number;
  spec: FaultSpec;
}

/** Filters of `GET /__mock/requests`. */
export interface RequestFilter {
  method?: string;
  path?: string;
  key?: string;
  recipient?: string;
}

/** `GET /__mock/send-rate`: what a per-number rate limit is judged on. */
export interface SendRateStats {
  attempts: number;
  accepted: number;
  /** Answered 429 (throughput or pair rate). */
  rateLimited: number;
  /** The most send attempts that arrived within any window of `windowMs`. */
  maxInWindow: number;
  windowMs: number;
  firstAt: string | null;
  lastAt: string | null;
}

/** Filters of `GET /__mock/deliveries`. */
export interface DeliveryFilter {
  kind?: DeliveryKind;
  ok?: boolean;
  key?: string;
  messageId?: string;
  recipient?: string;
}
