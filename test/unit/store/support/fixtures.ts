import type { Store } from '../../../../store/index.js';
import { exampleSlotSettings } from '../../../fixtures/example-slot.js';

/** A slot that passes every SPEC §2 rule (the SPEC §7 example); tests change one thing at a time. */
export const validSettings = exampleSlotSettings;

/** Company 13 with channel `wa-main` (Cloud) and agent `shop-bot`, as in the SPEC §7 example. */
export async function seedCompany(store: Store, companyId = 13): Promise<void> {
  await store.createCompany({ id: companyId });
  await store.createChannel({
    id: companyId === 13 ? 'wa-main' : `wa-main-${companyId}`,
    companyId,
    kind: '360dialog-cloud',
    apiKey: `key-${companyId}`,
  });
  await store.createAgent({ id: companyId === 13 ? 'shop-bot' : `shop-bot-${companyId}`, companyId });
}
