import type { OpenAPIHono } from '@hono/zod-openapi';
import { buildTemplateRequest, type BuildInput, messagesPath } from '../../../activities/template-request.js';
import { checkWithReading } from '../../../catalog/catalog-reading.js';
import { NotFoundError, ValidationError, validateSlotSettings, type Store } from '../../../store/index.js';
import { checkExpression } from '../../../lib/expressions/index.js';
import type { ChannelKind, SlotSettings } from '../../../store/index.js';
import { readRecipient } from '../../intake/mailing-request.js';
import type { AdminApiDeps } from '../deps.js';
import { toSlotSettings } from '../mapping.js';
import { catalogState } from '../templates/save-check.js';
import { locateBuildError, positionOf } from './preview-locate.js';
import { previewSlot } from './preview-route.js';

/** Shown where a task puts its id (`biz_opaque_callback_data`): the id exists only once accepted. */
export const PREVIEW_TASK_ID = '{task_id}';

type PreviewSlot = BuildInput['slot'] & {
  source: 'live' | 'saved' | 'draft';
  trainingVersion: number | null;
};

/**
 * `POST /admin/slots/{slotId}/preview` (issue 10): the task's build step on a sample request, with
 * the template check, and nothing sent or stored. It calls the same exported builder the send
 * activity calls, so the payload shown is the payload a task sends.
 */
export function registerPreviewRoute(app: OpenAPIHono, { store }: AdminApiDeps): void {
  app.openapi(previewSlot, async (c) => {
    const input = c.req.valid('json');
    const slot = await previewedSlot(store, c.req.valid('param').slotId, input);
    const recipient = readRecipient(input.request);
    if ('rejection' in recipient) {
      throw new ValidationError([{ field: 'request.phone_number', message: recipient.rejection.status }]);
    }
    const buildInput: BuildInput = {
      slot,
      data: input.request,
      context: input.context ?? {},
      recipient: recipient.recipient,
      taskId: PREVIEW_TASK_ID,
    };
    const built = buildTemplateRequest(buildInput);
    const channel = await store.getChannel(slot.channel.id);
    const reading = await store.templates.readStored(slot.channel.id);
    // An expression as name or language is checked with the value this request gave it.
    const destination = built.ok
      ? {
          ...slot.destination,
          templateName: built.payload.template.name,
          languageCode: built.payload.template.language.code,
          namespace: built.payload.template.namespace ?? slot.destination.namespace,
        }
      : slot.destination;
    const findings = checkWithReading(destination, slot.channel.kind, reading, new Date());
    const pick = (severity: string) =>
      findings.filter((f) => f.severity === severity).map(({ field, message }) => ({ field, message }));
    return c.json(
      {
        source: slot.source,
        training_version: slot.trainingVersion,
        channel: slot.channel,
        context_updates: built.contextUpdates,
        context: { ...(input.context ?? {}), ...built.contextUpdates },
        build: built.ok
          ? {
              ok: true as const,
              method: 'POST' as const,
              url: `${channel?.baseUrl ?? ''}${messagesPath(slot.channel.kind)}`,
              payload: built.payload as unknown as Record<string, unknown>,
            }
          : {
              ok: false as const,
              error: {
                message: built.reason,
                field: locateBuildError(buildInput),
                ...position(built.reason),
              },
            },
        template_check: { errors: pick('error'), warnings: pick('warning'), catalog: catalogState(reading) },
      },
      200,
    );
  });
}

function position(message: string): { line: number | null; column: number | null } {
  return positionOf(message) ?? { line: null, column: null };
}

/** Draft `settings` (validated like a save), the live training's snapshot, or the saved draft. */
async function previewedSlot(
  store: Store,
  slotId: string,
  input: { settings?: Parameters<typeof toSlotSettings>[0]; source?: 'live' | 'saved' },
): Promise<PreviewSlot> {
  const saved = await store.getSlot(slotId);
  if (!saved) throw new NotFoundError('Slot');
  if (input.settings) return fromSettings(store, saved.companyId, toSlotSettings(input.settings), 'draft');
  if (input.source !== 'saved' && saved.liveWebhook !== null) {
    const agent = await store.getAgent(saved.agentId);
    const training = agent?.liveVersion ? await store.getTraining(agent.id, agent.liveVersion) : undefined;
    const snapshot = training?.slots.find((s) => s.slotId === slotId);
    if (snapshot) {
      const { parseRequestBody, destination, channel, trainingVersion } = snapshot;
      return { parseRequestBody, destination, channel, source: 'live', trainingVersion };
    }
  }
  if (input.source === 'live') throw new NotFoundError('Training');
  return fromSettings(store, saved.companyId, saved.settings, 'saved');
}

async function fromSettings(
  store: Store,
  companyId: number,
  settings: SlotSettings,
  source: 'saved' | 'draft',
): Promise<PreviewSlot> {
  const channels = await store.listChannels(companyId);
  const errors = validateSlotSettings(settings, {
    companyId,
    channelIds: new Set(channels.map((ch) => ch.id)),
    checkExpression,
  });
  if (errors.length > 0) {
    throw new ValidationError(errors.map((e) => ({ field: `settings.${e.field}`, message: e.message })));
  }
  const channelId = settings.destinationChannel.trim();
  const kind = channels.find((ch) => ch.id === channelId)?.kind as ChannelKind;
  return {
    parseRequestBody: settings.parseRequestBody,
    destination: settings.destination,
    channel: { id: channelId, kind },
    source,
    trainingVersion: null,
  };
}
