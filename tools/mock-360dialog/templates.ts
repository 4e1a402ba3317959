import { DEFAULT_NAMESPACE } from './defaults.js';
import type { TemplateButton, TemplateComponent, TemplateFixture } from './schemas.js';

/**
 * Default approved templates. Together they cover every validation path of the mock: media
 * headers (image, document, video), a text header, body variables, a dynamic and a static URL
 * button, a phone button (no send-time params) and quick replies (for inbound button taps).
 */
export const DEFAULT_TEMPLATES: readonly TemplateFixture[] = [
  orderShipped('de', 'Hallo {{1}}, deine Bestellung {{2}} ist unterwegs.', 'Sendung verfolgen'),
  orderShipped('en', 'Hi {{1}}, your order {{2}} is on its way.', 'Track shipment'),
  {
    ...base('appointment_reminder', 'en', 'UTILITY'),
    components: [
      { type: 'BODY', text: 'Hi {{1}}, this is a reminder of your appointment on {{2}} at {{3}}.' },
    ],
  },
  {
    ...base('invoice_ready', 'de', 'UTILITY'),
    components: [
      { type: 'HEADER', format: 'DOCUMENT' },
      { type: 'BODY', text: 'Hallo {{1}}, anbei deine Rechnung {{2}}.' },
      {
        type: 'BUTTONS',
        buttons: [{ type: 'URL', text: 'Alle Rechnungen', url: 'https://shop.example.com/invoices' }],
      },
    ],
  },
  {
    ...base('hello_world', 'en_US', 'UTILITY'),
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      {
        type: 'BODY',
        text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification.',
      },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
  {
    ...base('delivery_feedback', 'en', 'MARKETING'),
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
      { type: 'BODY', text: 'How was your delivery, {{1}}?' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Great' },
          { type: 'QUICK_REPLY', text: 'Not good' },
          { type: 'QUICK_REPLY', text: 'Stop updates' },
        ],
      },
    ],
  },
  {
    ...base('spring_sale', 'en', 'MARKETING'),
    components: [
      { type: 'HEADER', format: 'VIDEO' },
      { type: 'BODY', text: 'Hi {{1}}, our spring sale has started.' },
    ],
  },
];

function base(name: string, language: string, category: TemplateFixture['category']) {
  return { name, language, status: 'approved' as const, namespace: DEFAULT_NAMESPACE, category };
}

function orderShipped(language: string, body: string, trackLabel: string): TemplateFixture {
  return {
    ...base('order_shipped', language, 'UTILITY'),
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: body },
      { type: 'FOOTER', text: 'Example Shop' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: trackLabel, url: 'https://shop.example.com/track/{{1}}' },
          { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+4930123456' },
        ],
      },
    ],
  };
}

/** Number of distinct `{{n}}` placeholders: what Meta counts as "expected number of params". */
export function countVariables(text: string | undefined): number {
  if (text === undefined) return 0;
  const indices = new Set([...text.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((match) => match[1]));
  return indices.size;
}

/** Only URL buttons whose URL carries a `{{1}}` suffix take a send-time parameter (§2.3). */
export function isDynamicUrlButton(button: TemplateButton): boolean {
  return button.type === 'URL' && countVariables(button.url) > 0;
}

/** The HEADER component of a template, if any. */
export function headerOf(
  template: TemplateFixture,
): Extract<TemplateComponent, { type: 'HEADER' }> | undefined {
  return template.components.find(
    (c): c is Extract<TemplateComponent, { type: 'HEADER' }> => c.type === 'HEADER',
  );
}

/** The template's buttons in index order (empty without a BUTTONS component). */
export function buttonsOf(template: TemplateFixture): TemplateButton[] {
  const component = template.components.find((c) => c.type === 'BUTTONS');
  return component?.type === 'BUTTONS' ? component.buttons : [];
}

/** The template's body text, if any. */
export function bodyTextOf(template: TemplateFixture): string | undefined {
  const component = template.components.find((c) => c.type === 'BODY');
  return component?.type === 'BODY' ? component.text : undefined;
}
