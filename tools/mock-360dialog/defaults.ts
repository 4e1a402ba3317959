import type { MockConfig } from './schemas.js';

/** On-prem client version reported in every `meta` block (the one in the reference samples). */
export const ONPREM_API_VERSION = '2.45.2';

/** Graph version 360dialog's Cloud proxy reports in `Facebook-Api-Version` (recorded traffic, §1). */
export const GRAPH_API_VERSION = 'v19.0';

/** Template namespace of the mock's WABA; on-prem sends must carry it (§2.1). */
export const DEFAULT_NAMESPACE = 'b2f1c0de_1111_2222_3333_444455556666';

/** Port of `npm run mock:360dialog` when `--port` is not given. */
export const DEFAULT_PORT = 10041;

/**
 * Defaults favour fast tests: statuses 20 ms apart, retries 100 ms × 2ⁿ up to 5 attempts,
 * while keeping 360dialog's real 5 s per-attempt webhook timeout.
 */
export const DEFAULT_CONFIG: MockConfig = {
  statusDelayMs: 20,
  webhookTimeoutMs: 5_000,
  retry: { baseDelayMs: 100, factor: 2, maxAttempts: 5 },
  // Off by default: local webhook receivers always have an explicit port.
  strictCloudWebhookUrl: false,
  signatureSecret: null,
  contactsAlwaysValid: false,
  chaos: {},
  businessNumber: '4930123456',
  phoneNumberId: '109876543210',
  wabaId: '102290129340398',
};
