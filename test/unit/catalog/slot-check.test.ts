/**
 * The template check, row by row, against the mock's templates of every shape; and the proof that
 * it agrees with 360dialog: every row's slot is built by the real payload builder and sent to the
 * mock, which accepts it exactly when the check found no error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplateRequest, messagesPath } from '../../../activities/template-request.js';
import { checkSlotTemplate, type Finding, type SlotDestination } from '../../../catalog/slot-check.js';
import { parseTemplate, type CatalogTemplate } from '../../../catalog/template-model.js';
import {
  startMock360dialog,
  TEMPLATE_SHAPES,
  type Mock360dialog,
} from '../../../tools/mock-360dialog/index.js';
import type { ChannelKind, TemplateParameter } from '../../../workflows/slot-snapshot.js';

const NS = 'b2f1c0de_1111_2222_3333_444455556666';
const TEMPLATES = TEMPLATE_SHAPES.map((t) => parseTemplate(t)).filter((t): t is CatalogTemplate => !!t);
const KEYS: Record<ChannelKind, string> = { '360dialog-cloud': 'check-cloud', '360dialog': 'check-onprem' };

const image = (): TemplateParameter => ({ type: 'image', value: 'https://cdn.example.com/a.jpg' });
const doc = (): TemplateParameter => ({ type: 'document', value: 'https://cdn.example.com/a.pdf' });
const video = (): TemplateParameter => ({ type: 'video', value: 'https://cdn.example.com/a.mp4' });
const body = (value = 'Anna'): TemplateParameter => ({ type: 'body', value });
const url = (value = 'A-1042'): TemplateParameter => ({ type: 'button_url', value });
const dest = (
  templateName: string,
  languageCode: string,
  templateParameters: TemplateParameter[],
  namespace = NS,
): SlotDestination => ({ templateName, languageCode, namespace, templateParameters });
const err = (field: string, message: string): Finding => ({ severity: 'error', field, message });
const warn = (field: string, message: string): Finding => ({ severity: 'warning', field, message });
const P = 'destination.template_parameters';
const CLOUD: ChannelKind = '360dialog-cloud';
const ONPREM: ChannelKind = '360dialog';
const orderShipped = () => [image(), body(), body('A-1042'), url()];

const ROWS: [string, ChannelKind, SlotDestination, Finding[]][] = [
  ['a slot that fits its template (Cloud)', CLOUD, dest('order_shipped', 'en', orderShipped()), []],
  [
    'a slot that fits its template (On-Premise, namespace given)',
    ONPREM,
    dest('order_shipped', 'de', orderShipped()),
    [],
  ],
  ['the same name in another language (pt_BR)', CLOUD, dest('order_shipped', 'pt_BR', orderShipped()), []],
  ['a video header with its video', CLOUD, dest('spring_sale', 'en', [video(), body()]), []],
  ['a template without variables and no parameters', CLOUD, dest('hello_world', 'en_US', []), []],
  [
    'a static URL button and a document header',
    CLOUD,
    dest('invoice_ready', 'de', [doc(), body(), body()]),
    [],
  ],
  ['a phone button, which takes no value', CLOUD, dest('call_us', 'en', [body()]), []],
  [
    'a Cloud slot with any namespace (Cloud ignores it)',
    CLOUD,
    dest('order_shipped', 'en', orderShipped(), 'other'),
    [],
  ],
  [
    'an unknown template name',
    CLOUD,
    dest('order_shiped', 'en', orderShipped()),
    [err('destination.template_name', "The channel has no approved template 'order_shiped' (Template name)")],
  ],
  [
    'a language the template does not have',
    CLOUD,
    dest('order_shipped', 'fr', orderShipped()),
    [
      err(
        'destination.language_code',
        "The channel has no approved template 'order_shipped' in language 'fr' (Language code); it has 'order_shipped' in 'de', 'en', 'pt_BR'",
      ),
    ],
  ],
  ...(['pending', 'rejected', 'paused', 'disabled'] as const).map(
    (status, i): [string, ChannelKind, SlotDestination, Finding[]] => {
      const name = ['order_cancelled', 'winback_offer', 'old_promo', 'legacy_notice'][i] ?? '';
      const params = status === 'paused' ? [] : [body()];
      return [
        `a ${status} template`,
        CLOUD,
        dest(name, 'en', params),
        [
          err(
            'destination.template_name',
            `Template '${name}' (en) is ${status}, not approved, so WhatsApp refuses to send it (Template name)`,
          ),
        ],
      ];
    },
  ),
  [
    'a language whose version is still pending while others are approved',
    CLOUD,
    dest('appointment_reminder', 'fr', [body(), body(), body()]),
    [
      err(
        'destination.template_name',
        "Template 'appointment_reminder' (fr) is pending, not approved, so WhatsApp refuses to send it (Template name)",
      ),
    ],
  ],
  [
    'an On-Premise slot with another namespace',
    ONPREM,
    dest('order_shipped', 'en', orderShipped(), 'ffff_0000'),
    [
      err(
        'destination.namespace',
        `Template 'order_shipped' (en) belongs to namespace '${NS}', not 'ffff_0000' (Namespace)`,
      ),
    ],
  ],
  [
    'an image where the template header is a document',
    CLOUD,
    dest('invoice_ready', 'de', [image(), body(), body()]),
    [
      err(
        `${P}.0.type`,
        "Template 'invoice_ready' (de) has a document header, not an image (Template parameter 1, type)",
      ),
    ],
  ],
  [
    'no media parameter for an image header',
    CLOUD,
    dest('order_shipped', 'en', [body(), body(), url()]),
    [
      err(
        P,
        "Template 'order_shipped' (en) has an image header: add one image parameter (Template parameters)",
      ),
    ],
  ],
  [
    'a media parameter for a template without a header',
    CLOUD,
    dest('appointment_reminder', 'en', [body(), image(), body(), body()]),
    [
      err(
        `${P}.1.type`,
        "Template 'appointment_reminder' (en) has no header, so it takes no image: remove this parameter (Template parameter 2)",
      ),
    ],
  ],
  [
    'a text header with a variable, which no slot can fill',
    CLOUD,
    dest('delivery_feedback', 'en', [body()]),
    [
      err(
        'destination.template_name',
        "Template 'delivery_feedback' (en) has a text header with a variable ('Order {{1}}'), which a notification slot cannot fill, so every send would fail: choose another template (Template name)",
      ),
    ],
  ],
  [
    'a location header',
    CLOUD,
    dest('store_location', 'en', [body()]),
    [
      err(
        'destination.template_name',
        "Template 'store_location' (en) has a location header, which a notification slot cannot fill, so every send would fail: choose another template (Template name)",
      ),
    ],
  ],
  [
    'one body parameter too few',
    CLOUD,
    dest('order_summary', 'en', [body(), body(), body(), body()]),
    [
      err(
        P,
        "Template 'order_summary' (en) has 5 body variables ({{1}}, {{2}}, {{3}}, {{4}}, {{5}}); the slot gives 4 body parameters (Template parameters)",
      ),
    ],
  ],
  [
    'a body parameter for a template without variables',
    CLOUD,
    dest('hello_world', 'en_US', [body()]),
    [
      err(
        P,
        "Template 'hello_world' (en_US) has 0 body variables; the slot gives 1 body parameter (Template parameters)",
      ),
    ],
  ],
  [
    'no button_url parameter for a dynamic URL button',
    CLOUD,
    dest('order_shipped', 'en', [image(), body(), body()]),
    [
      err(
        P,
        "Template 'order_shipped' (en): button 1 'Track shipment' opens a URL with a variable (https://shop.example.com/track/{{1}}); add a button_url parameter for it (Template parameters)",
      ),
    ],
  ],
  [
    'a URL parameter for a static URL button',
    CLOUD,
    dest('invoice_ready', 'de', [doc(), body(), body(), url()]),
    [
      err(
        `${P}.3.value`,
        "Template 'invoice_ready' (de): button 1 'Alle Rechnungen' is a URL button, not a URL with a variable, so it takes no value, but this button_url parameter would be sent for it: remove it (Template parameter 4)",
      ),
    ],
  ],
  [
    'a wa.me phone for a phone-number button',
    CLOUD,
    dest('call_us', 'en', [body(), url('wa.me/+79831249701')]),
    [
      err(
        `${P}.1.value`,
        "Template 'call_us' (en): button 1 'Call us' is a phone-number button; its number (+4930123456) is fixed in the template and WhatsApp takes no value for it, but the slot sends 'wa.me/+79831249701' for it: remove this parameter (Template parameter 2)",
      ),
    ],
  ],
  [
    'a URL and a phone for a template with a dynamic URL and a phone button',
    ONPREM,
    dest('order_shipped', 'en', [...orderShipped(), url('wa.me/+79831249701')]),
    [
      err(
        `${P}.4.value`,
        "Template 'order_shipped' (en): button 2 'Call us' is a phone-number button; its number (+4930123456) is fixed in the template and WhatsApp takes no value for it, but the slot sends 'wa.me/+79831249701' for it: remove this parameter (Template parameter 5)",
      ),
    ],
  ],
  [
    'a wa.me phone as the suffix of a dynamic URL button (sent, but as a URL)',
    CLOUD,
    dest('order_shipped', 'en', [image(), body(), body(), url('wa.me/+79831249701')]),
    [
      warn(
        `${P}.3.value`,
        "Template 'order_shipped' (en): button 1 'Track shipment' is a URL button; 'wa.me/+79831249701' becomes the end of its URL, not a phone number (Template parameter 4)",
      ),
    ],
  ],
  [
    'a URL parameter for a quick-reply button',
    CLOUD,
    dest('spring_sale', 'en', [video(), body(), url()]),
    [
      err(
        `${P}.2.value`,
        "Template 'spring_sale' (en) has no button 1, but this button_url parameter would be sent for button 1 (Template parameter 3)",
      ),
    ],
  ],
  [
    'a copy-code button, whose code no slot can give',
    CLOUD,
    dest('spring_coupon', 'en', [body()]),
    [
      err(
        'destination.template_name',
        "Template 'spring_coupon' (en): button 1 'Copy offer code' is a copy-code button, which needs a value a notification slot cannot provide, so every send would fail: choose another template (Template name)",
      ),
    ],
  ],
  [
    'a template name written as an expression',
    CLOUD,
    dest('{{ data.template }}', 'en', orderShipped()),
    [
      warn(
        'destination.template_name',
        'The template could not be checked: its name is an expression, known only when a request arrives (Template name)',
      ),
    ],
  ],
  [
    'a language written as an expression',
    CLOUD,
    dest('order_shipped', '{{ data.lang }}', orderShipped()),
    [
      warn(
        'destination.language_code',
        "Template 'order_shipped' could not be checked: the language code is an expression, known only when a request arrives (Language code)",
      ),
    ],
  ],
  [
    'a language expression for a name the channel has in no language',
    CLOUD,
    dest('no_such', '{{ data.lang }}', []),
    [err('destination.template_name', "The channel has no approved template 'no_such' (Template name)")],
  ],
  [
    'an On-Premise namespace written as an expression (the rest is still checked)',
    ONPREM,
    dest('order_shipped', 'en', [image(), body(), url()], '{{ data.ns }}'),
    [
      warn(
        'destination.namespace',
        "Template 'order_shipped' (en): the namespace is an expression, known only when a request arrives, so it could not be checked (Namespace)",
      ),
      err(
        P,
        "Template 'order_shipped' (en) has 2 body variables ({{1}}, {{2}}); the slot gives 1 body parameter (Template parameters)",
      ),
    ],
  ],
];

describe('the template check, row by row', () => {
  it.each(ROWS)('%s', (_title, kind, destination, expected) => {
    expect(checkSlotTemplate(destination, kind, TEMPLATES)).toEqual(expected);
  });
});

describe('the check agrees with 360dialog (the mock) on the payload the builder makes', () => {
  let mock: Mock360dialog;
  beforeAll(async () => {
    mock = await startMock360dialog({ port: 0, config: { statusDelayMs: 60_000 } });
    await mock.control.setTemplates([...TEMPLATE_SHAPES]);
    await mock.control.registerKey({ key: KEYS[CLOUD], flavour: 'cloud' });
    await mock.control.registerKey({ key: KEYS[ONPREM], flavour: 'onprem' });
  });
  afterAll(async () => {
    await mock?.stop();
  });

  const literalRows = ROWS.filter(
    ([, , d]) => ![d.templateName, d.languageCode, d.namespace].some((v) => v.includes('{{')),
  );

  it.each(literalRows)('%s', async (_title, kind, destination, expected) => {
    const built = buildTemplateRequest({
      slot: { parseRequestBody: [], destination, channel: { id: 'wa', kind } },
      data: {},
      context: {},
      recipient: '4915112345678',
      taskId: 'task-1',
    });
    if (!built.ok) throw new Error(built.reason);
    const response = await fetch(`${mock.url}${messagesPath(kind)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'D360-API-KEY': KEYS[kind] },
      body: JSON.stringify(built.payload),
    });
    const refused = expected.some((f) => f.severity === 'error');
    expect({ accepted: response.ok, status: response.status }).toMatchObject({ accepted: !refused });
  });
});
