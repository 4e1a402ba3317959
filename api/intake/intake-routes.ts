/**
 * `POST /notification/{webhook}/chat` (SPEC section 3): every row in the table's order, texts
 * verbatim. A 200 is sent once the task is durably accepted: its row and workflow input committed
 * and its start under way or done (task-starter.ts); when Temporal cannot be reached the answer is
 * 503 and nothing was created. Also `GET …/tasks/{task_id}`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import { IDEMPOTENCY_KEY_HEADER } from '../../lib/http-headers.js';
import type { Logger } from '../../lib/logger.js';
import type { Metrics } from '../../lib/metrics.js';
import type { ExecutionStore, SlotLookup } from '../../store/types.js';
import { chatWorkflowId, recipientDigits } from '../../workflows/ids.js';
import type { TaskWorkflowInput } from '../../workflows/task-workflow.js';
import {
  checkContentType,
  parseJsonObject,
  readRecipient,
  readUrgency,
  type Rejection,
} from './mailing-request.js';
import { strangerBucket, type RateLimiter } from './rate-limiter.js';
import { readBodyAtMost } from '../read-body.js';
import { readTaskStatus } from './task-status.js';
import type { TaskStarter } from './task-starter.js';

export interface IntakeDeps {
  lookup: SlotLookup;
  /** The status endpoint reads only the `tasks` row. */
  tasks: Pick<ExecutionStore, 'getTask'>;
  /** Writes the task row with its workflow input and starts the workflow. */
  starter: TaskStarter;
  rateLimiter: RateLimiter;
  logger: Logger;
  /** SPEC [decided] status timeout, default 24 h. */
  statusTimeoutSeconds?: number;
  /** SEND_EVIDENCE_SECONDS: see the task workflow's send step. */
  sendEvidenceSeconds?: number;
  /** How long a send may wait out rate limits (`SEND_MAX_WAIT_SECONDS`); default 1 h. */
  maxSendWaitSeconds?: number;
  metrics?: Metrics;
}

/** SPEC [decided]: bodies over 1 MiB get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

const reject = (c: Context<IntakeEnv>, rejection: Rejection) =>
  c.json({ status: rejection.status }, rejection.http);

type IntakeEnv = { Variables: Partial<RequestIdVariables> };

export function createIntakeRoutes(deps: IntakeDeps): Hono<IntakeEnv> {
  const app = new Hono<IntakeEnv>();
  app.post('/notification/:webhook/chat', async (c) => {
    const stopTimer = deps.metrics?.intakeDuration.startTimer();
    const response = await accept(c, deps);
    stopTimer?.({ outcome: response.status === 200 ? 'accepted' : String(response.status) });
    return response;
  });
  // Row 1: any other method on the mailing-request URL.
  app.all('/notification/:webhook/chat', (c) => {
    c.header('Allow', 'POST');
    return c.json({ status: 'Method not allowed' }, 405);
  });
  app.get('/notification/:webhook/tasks/:taskId', async (c) => {
    const view = await readTaskStatus(deps.tasks, c.req.param('webhook'), c.req.param('taskId'));
    return view ? c.json(view, 200) : c.json({ status: 'Task not found' }, 404);
  });
  return app;
}

async function accept(c: Context<IntakeEnv>, deps: IntakeDeps): Promise<Response> {
  const webhook = c.req.param('webhook') ?? '';
  const resolution = await deps.lookup.resolveWebhook(webhook);
  if (resolution.outcome === 'company_not_found')
    return reject(c, { http: 404, status: 'Company not found' });
  const { company } = resolution;
  // SPEC §3 "Rate limit and strangers": only a live slot's requests use the company's bucket.
  const stranger = resolution.outcome === 'notification_not_found';
  const bucket = stranger ? strangerBucket(company.id) : company.id;
  const rate = await deps.rateLimiter.take(bucket, company.rateLimitPerSecond);
  if (!rate.allowed) {
    deps.metrics?.rateLimited.inc({ company_id: String(bucket) });
    c.header('Retry-After', String(rate.retryAfterSeconds));
    return reject(c, { http: 429, status: 'Too many requests' });
  }
  const contentType = checkContentType(c.req.header('content-type'));
  if (contentType) return reject(c, contentType);
  const text = await readBodyAtMost(c, MAX_BODY_BYTES);
  if (text === undefined) return reject(c, { http: 413, status: 'Payload too large' });
  const parsed = parseJsonObject(text);
  if ('rejection' in parsed) return reject(c, parsed.rejection);
  if (resolution.outcome === 'notification_not_found')
    return reject(c, { http: 404, status: 'Notification not found' });
  if (resolution.outcome === 'channel_inactive') {
    return reject(c, { http: 404, status: 'There is no active channel for received event' });
  }
  const recipient = readRecipient(parsed.body);
  if ('rejection' in recipient) return reject(c, recipient.rejection);
  const urgency = readUrgency(parsed.body);
  if ('rejection' in urgency) return reject(c, urgency.rejection);

  const idempotencyKey = c.req.header(IDEMPOTENCY_KEY_HEADER);
  const taskId = idempotencyKey ? idempotentTaskId(webhook, idempotencyKey) : randomUUID();
  const input: TaskWorkflowInput = {
    taskId,
    slot: resolution.slot,
    recipient: recipient.recipient,
    urgent: urgency.urgent,
    data: parsed.body,
    acceptedAt: new Date().toISOString(),
    ...(deps.statusTimeoutSeconds ? { statusTimeoutSeconds: deps.statusTimeoutSeconds } : {}),
    ...(deps.sendEvidenceSeconds ? { sendEvidenceSeconds: deps.sendEvidenceSeconds } : {}),
    ...(deps.maxSendWaitSeconds ? { maxSendWaitSeconds: deps.maxSendWaitSeconds } : {}),
  };
  const log = deps.logger.child({
    requestId: c.var.requestId,
    taskId,
    companyId: company.id,
    slotId: resolution.slot.slotId,
  });
  let outcome;
  try {
    outcome = await deps.starter.accept(input, taskRow(input));
  } catch (err) {
    log.error('task not started: store or Temporal unreachable', { err });
    return reject(c, { http: 503, status: 'Service unavailable' });
  }
  log.info('task accepted', { urgent: input.urgent, start: outcome });
  deps.metrics?.tasksAccepted.inc({ urgent: String(input.urgent) });
  return c.json({ status: 'Accepted for execution', task_id: taskId }, 200);
}

function taskRow(input: TaskWorkflowInput) {
  const digits = recipientDigits(input.recipient);
  return {
    taskId: input.taskId,
    companyId: input.slot.companyId,
    agentId: input.slot.agentId,
    slotId: input.slot.slotId,
    webhook: input.slot.webhook,
    channelId: input.slot.channel.id,
    chatId: chatWorkflowId(input.slot.channel.id, digits),
    recipient: digits,
    urgent: input.urgent,
    acceptedAt: new Date(input.acceptedAt),
  };
}

/** A UUID-shaped id that is the same for the same webhook and Idempotency-Key. */
export function idempotentTaskId(webhook: string, key: string): string {
  const hex = createHash('sha256').update(`${webhook}\n${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
