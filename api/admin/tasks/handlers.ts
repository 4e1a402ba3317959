import type { OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError, ValidationError, type TaskRecord } from '../../../store/index.js';
import type { AdminApiDeps } from '../deps.js';
import { requireCompany, visibleCompanyId } from '../scope.js';
import * as routes from './routes.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A chart wider than this is unreadable and its query needlessly long. */
const MAX_BUCKETS = 1_000;

/** The task monitor's reads (CONTRACTS §6); the rows are written by the intake and the activities. */
export function registerTaskRoutes(app: OpenAPIHono, { store }: AdminApiDeps): void {
  app.openapi(routes.listTasks, async (c) => {
    const q = c.req.valid('query');
    const visible = visibleCompanyId(c);
    if (visible !== undefined && q.company_id !== undefined && q.company_id !== visible) {
      throw new NotFoundError('Company');
    }
    const companyId = visible ?? q.company_id;
    const page = await store.listTasks({
      ...(companyId === undefined ? {} : { companyId }),
      ...(q.slot_id === undefined ? {} : { slotId: q.slot_id }),
      ...(q.status === undefined ? {} : { status: q.status }),
      ...(q.branch === undefined ? {} : { branch: q.branch }),
      ...(q.recipient === undefined ? {} : { recipient: q.recipient }),
      ...(q.from === undefined ? {} : { from: new Date(q.from) }),
      ...(q.to === undefined ? {} : { to: new Date(q.to) }),
      ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
      limit: q.limit,
    });
    const tasks = page.tasks.map((t) => ({ ...taskView(t), recipient: maskRecipient(t.recipient) }));
    return c.json({ tasks, next_cursor: page.nextCursor }, 200);
  });

  app.openapi(routes.getTask, async (c) => {
    const task = await store.getMonitoredTask(c.req.valid('param').taskId);
    requireCompany(c, task?.companyId, 'Task');
    return c.json(taskView(task!), 200);
  });

  app.openapi(routes.slotOutcomes, async (c) => {
    const { slotId } = c.req.valid('param');
    const q = c.req.valid('query');
    const to = q.to ? new Date(q.to) : new Date();
    const width = q.bucket === 'day' ? DAY_MS : HOUR_MS;
    const from = q.from
      ? new Date(q.from)
      : new Date(to.getTime() - (q.bucket === 'day' ? 30 * DAY_MS : DAY_MS));
    if (from >= to) throw new ValidationError([{ field: 'from', message: 'Must be before to' }]);
    if ((to.getTime() - from.getTime()) / width > MAX_BUCKETS) {
      throw new ValidationError([{ field: 'from', message: `At most ${MAX_BUCKETS} buckets` }]);
    }
    const buckets = await store.slotOutcomes(slotId, { from, to, bucket: q.bucket });
    return c.json(
      {
        slot_id: slotId,
        bucket: q.bucket,
        from: from.toISOString(),
        to: to.toISOString(),
        buckets: buckets.map((b) => ({
          start: b.start.toISOString(),
          success: b.success,
          no_account: b.noAccount,
          fail: b.fail,
          waiting: b.waiting,
        })),
      },
      200,
    );
  });
}

/** Lists show a recipient's first 4 and last 4 digits at most: enough to tell tasks apart. */
export function maskRecipient(digits: string): string {
  if (digits.length <= 4) return '•'.repeat(digits.length);
  const keep = Math.min(4, Math.floor(digits.length / 3));
  return `${digits.slice(0, keep)}${'•'.repeat(digits.length - 2 * keep)}${digits.slice(-keep)}`;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function taskView(t: TaskRecord) {
  return {
    task_id: t.taskId,
    company_id: t.companyId,
    agent_id: t.agentId,
    slot_id: t.slotId,
    channel_id: t.channelId,
    recipient: t.recipient,
    urgent: t.urgent,
    status: t.status,
    branch: t.branch,
    description: t.description,
    detail: t.detail,
    waiting_reason: t.waitingReason,
    channel_response: t.channelResponse ?? null,
    message_id: t.messageId,
    branch_hook: t.branchHook,
    accepted_at: t.acceptedAt.toISOString(),
    started_at: iso(t.startedAt),
    sent_at: iso(t.sentAt),
    resolved_at: iso(t.resolvedAt),
    updated_at: t.updatedAt.toISOString(),
  };
}
