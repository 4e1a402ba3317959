import type { ApplySummary } from './apply.js';

/**
 * The human summary `config:apply` prints: what changed, each training's template-check warnings
 * (a slot that trains but may not send as meant, or could not be checked), then every slot's webhook
 * and URL.
 */
export function formatSummary(summary: ApplySummary): string {
  const lines: string[] = [];
  for (const e of summary.entities.filter((x) => x.action !== 'unchanged'))
    lines.push(`${e.kind} ${e.id}: ${e.action}`);
  for (const c of summary.callbacks.filter((x) => x.action !== 'unchanged')) {
    lines.push(`channel ${c.channelId}: callbacks registered at ${c.url}`);
  }
  for (const t of summary.trainings) {
    lines.push(
      `agent ${t.agentId}: ${t.action === 'trained' ? `trained, version ${t.version} live` : `version ${t.version} live, unchanged`}`,
    );
    for (const w of t.warnings) lines.push(`  warning: ${w.field}: ${w.message}`);
  }
  if (!summary.changed) lines.push('Nothing changed.');
  lines.push('', 'Slots:');
  for (const s of summary.slots) {
    lines.push(`  ${s.id} (agent ${s.agentId})${s.live ? '' : '  [not live: train the agent]'}`);
    lines.push(`    webhook: ${s.webhook}`);
    lines.push(`    POST ${s.webhookUrl}`);
  }
  return `${lines.join('\n')}\n`;
}
