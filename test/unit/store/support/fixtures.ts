import type { SlotSettings, Store } from '../../../../store/index.js';

/** A slot that passes every SPEC §2 rule; tests change one thing at a time. */
export function validSettings(overrides: Partial<SlotSettings> = {}): SlotSettings {
  return {
    name: 'Order shipped',
    destinationChannel: 'wa-main',
    parseRequestBody: [
      { contextKey: 'order', requestKey: 'order_id' },
      { contextKey: 'first_name', requestKey: '{{ data["customer"]["name"] }}' },
    ],
    destination: {
      templateName: 'order_shipped',
      namespace: 'b2f1c0de_1111_2222_3333_444455556666',
      languageCode: 'en',
      templateParameters: [
        { type: 'image', value: 'https://cdn.example.com/orders/{{ order }}.jpg' },
        { type: 'body', value: '{{ first_name }}' },
        { type: 'button_url', value: '{{ order }}' },
      ],
    },
    branchHooks: { success: 'https://crm.example.com/hooks/whatsapp' },
    ...overrides,
  };
}

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
