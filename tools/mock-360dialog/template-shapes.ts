import { DEFAULT_NAMESPACE } from './defaults.js';
import type { TemplateFixture, TemplateInput } from './schemas.js';
import { DEFAULT_TEMPLATES } from './templates.js';

/**
 * A template list with every shape a notification slot can meet: each header format (text with
 * and without a variable, image, document, video, location), bodies with 0 to 5 variables, static
 * and dynamic URL buttons, a phone button alone and after a URL button, quick replies, a copy-code
 * button, one name in several languages, and templates that are pending, rejected, paused or
 * disabled. Load it with `PUT /__mock/templates` (or `control.setTemplates(TEMPLATE_SHAPES)`); the
 * defaults stay small so the mock's own tests keep their counts.
 */
export const TEMPLATE_SHAPES: readonly TemplateFixture[] = [
  ...DEFAULT_TEMPLATES,
  {
    ...base('order_shipped', 'pt_BR', 'UTILITY'),
    components: [
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} está a caminho.' },
      {
        type: 'BUTTONS',
        buttons: [{ type: 'URL', text: 'Rastrear', url: 'https://shop.example.com/track/{{1}}' }],
      },
    ],
  },
  {
    ...base('appointment_reminder', 'es', 'UTILITY'),
    components: [{ type: 'BODY', text: 'Hola {{1}}, te recordamos tu cita el {{2}} a las {{3}}.' }],
  },
  {
    ...base('welcome_text_header', 'en', 'MARKETING'),
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Welcome!' },
      { type: 'BODY', text: 'Hi {{1}}, thanks for joining.' },
    ],
  },
  {
    ...base('store_location', 'en', 'UTILITY'),
    components: [
      { type: 'HEADER', format: 'LOCATION' },
      { type: 'BODY', text: 'Your parcel {{1}} waits for you here.' },
    ],
  },
  {
    ...base('order_summary', 'en', 'UTILITY'),
    components: [{ type: 'BODY', text: '{{1}}: {{2}} items, {{3}} total, paid by {{4}}, arriving {{5}}.' }],
  },
  {
    ...base('call_us', 'en', 'UTILITY'),
    components: [
      { type: 'BODY', text: 'Hi {{1}}, please call us about your order.' },
      { type: 'BUTTONS', buttons: [{ type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+4930123456' }] },
    ],
  },
  {
    ...base('spring_coupon', 'en', 'MARKETING'),
    components: [
      { type: 'BODY', text: 'Hi {{1}}, here is your spring discount.' },
      { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', text: 'Copy offer code' }] },
    ],
  },
  {
    ...base('order_cancelled', 'en', 'UTILITY', 'pending'),
    components: [{ type: 'BODY', text: 'Order {{1}} was cancelled.' }],
  },
  {
    ...base('winback_offer', 'en', 'MARKETING', 'rejected'),
    components: [{ type: 'BODY', text: 'We miss you, {{1}}!' }],
  },
  {
    ...base('old_promo', 'en', 'MARKETING', 'paused'),
    components: [{ type: 'BODY', text: 'Sale ends soon.' }],
  },
  {
    ...base('legacy_notice', 'en', 'UTILITY', 'disabled'),
    components: [{ type: 'BODY', text: 'Notice {{1}}.' }],
  },
  {
    ...base('appointment_reminder', 'fr', 'UTILITY', 'pending'),
    components: [{ type: 'BODY', text: 'Bonjour {{1}}, rappel de votre rendez-vous le {{2}} à {{3}}.' }],
  },
];

function base(
  name: string,
  language: string,
  category: TemplateInput['category'],
  status: TemplateFixture['status'] = 'approved',
) {
  return { name, language, status, namespace: DEFAULT_NAMESPACE, category };
}
