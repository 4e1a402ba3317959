/**
 * The service's Prometheus metrics (prom-client, one registry per process). Task outcomes are
 * counted inside the workflows through the Temporal SDK's metric meter and exported by the SDK's own
 * Prometheus endpoint, which `/metrics` appends (see api/metrics.ts).
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  intakeDuration: Histogram<'outcome'>;
  tasksAccepted: Counter<'urgent'>;
  rateLimited: Counter<'company_id'>;
  callbackEvents: Counter<'kind' | 'status'>;
  channelSendDuration: Histogram<'outcome' | 'http_status'>;
  /** In-activity waits for a slot of the channel's send bucket (longer waits are workflow timers). */
  sendPacingWait: Histogram<'channel_id'>;
  /** Rate-limit answers from 360dialog per channel: `code` is the Meta code (130429, 131056 …) or the HTTP status. */
  channelRateLimits: Counter<'channel_id' | 'code'>;
  /** Sends handed back to the workflow to wait: `send_rate` (bucket full), `channel` (429), `recipient` (131056). */
  sendsThrottled: Counter<'channel_id' | 'reason'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'wa_notify_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'wa_notify_http_requests_total',
      help: 'HTTP requests by route pattern, method and status code',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    intakeDuration: new Histogram({
      name: 'wa_notify_intake_duration_seconds',
      help: 'Time to answer a mailing request, by outcome (accepted or the rejection status)',
      labelNames: ['outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    tasksAccepted: new Counter({
      name: 'wa_notify_tasks_accepted_total',
      help: 'Mailing requests accepted (a task workflow was started)',
      labelNames: ['urgent'],
      registers,
    }),
    rateLimited: new Counter({
      name: 'wa_notify_rate_limited_total',
      help: 'Mailing requests rejected by the per-company rate limit',
      labelNames: ['company_id'],
      registers,
    }),
    callbackEvents: new Counter({
      name: 'wa_notify_callback_events_total',
      help: 'Channel callback events handed to the chats, by kind (status, inbound) and status value',
      labelNames: ['kind', 'status'],
      registers,
    }),
    channelSendDuration: new Histogram({
      name: 'wa_notify_channel_send_duration_seconds',
      help: '360dialog template sends: latency (retries included) by outcome and HTTP status',
      labelNames: ['outcome', 'http_status'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    sendPacingWait: new Histogram({
      name: 'wa_notify_send_pacing_slot_wait_seconds',
      help: 'Time a send activity slept for its slot in the channel send bucket (waits past 1.5 s are workflow timers: wa_notify_send_pacing_wait)',
      labelNames: ['channel_id'],
      buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 1.5],
      registers,
    }),
    channelRateLimits: new Counter({
      name: 'wa_notify_channel_rate_limited_total',
      help: '360dialog rate-limit answers (429, 130429, 131056, 131048, endpoint limit) by channel and code',
      labelNames: ['channel_id', 'code'],
      registers,
    }),
    sendsThrottled: new Counter({
      name: 'wa_notify_sends_throttled_total',
      help: 'Sends put back to wait on a workflow timer, by channel and reason (send_rate, channel, recipient)',
      labelNames: ['channel_id', 'reason'],
      registers,
    }),
  };
}
