import type { MockContext } from './context.js';
import { statusObject, webhookBody } from './payloads.js';
import type { Chaos, ScenarioConfig } from './schemas.js';
import { planBatches, scenarioSteps } from './status-script.js';
import type { StatusStep } from './status-script.js';
import type { SentMessage } from './types.js';
import type { DeliveryJob } from './webhook-delivery.js';

/** The scripted status callbacks of one sent message, ready to run. */
export interface StatusRun {
  /** `early` chaos: deliver before the send response is written. */
  early: boolean;
  /** Delivers every POST now, one after another (first attempts awaited). */
  deliverNow(): Promise<void>;
  /** Delivers in the background, `delayMs` apart, in order. */
  start(): void;
}

function statusBody(ctx: MockContext, message: SentMessage, batch: StatusStep[], chaos: Chaos): unknown {
  const statuses = batch.map((step) =>
    statusObject(message, step.status, {
      ...(step.failure === undefined ? {} : { failure: step.failure }),
      recipientIdUnderMessage: chaos.recipientIdUnderMessage === true,
    }),
  );
  return webhookBody(message.flavour, ctx.state.config, { statuses });
}

/** Plans the status webhooks of a message from its recipient's scenario and chaos switches. */
export function statusRun(ctx: MockContext, message: SentMessage, scenario: ScenarioConfig): StatusRun {
  const chaos = ctx.state.chaosFor(scenario);
  const batches = planBatches(scenarioSteps(scenario.scenario), chaos);
  // `duplicate` repeats the same batch object: its body is built once so both POSTs are byte-identical.
  const bodies = new Map<StatusStep[], unknown>();
  const jobFor = (batch: StatusStep[]): DeliveryJob => {
    // Built at first delivery so timestamps move forward like real callbacks.
    if (!bodies.has(batch)) bodies.set(batch, statusBody(ctx, message, batch, chaos));
    return {
      kind: 'status',
      key: message.key,
      messageId: message.id,
      recipient: message.waId,
      statuses: batch.map((step) => step.status),
      body: bodies.get(batch),
    };
  };
  // Captured once: a reset or stop during the run aborts it, so no later status leaks into the next test.
  const cancelled = ctx.state.timers.signal;
  const deliverNow = async (): Promise<void> => {
    for (const batch of batches) {
      if (cancelled.aborted) return;
      await ctx.deliverer.deliver(jobFor(batch));
    }
  };
  const start = (): void => {
    const delayMs = scenario.delayMs ?? ctx.state.config.statusDelayMs;
    const run = async (): Promise<void> => {
      // Sequential on purpose: a slow or failing receiver delays later events, as at 360dialog (§6).
      for (const batch of batches) {
        if (!(await ctx.state.timers.sleep(delayMs)) || cancelled.aborted) return;
        await ctx.deliverer.deliver(jobFor(batch));
      }
    };
    void run();
  };
  return { early: chaos.early === true, deliverNow, start };
}
