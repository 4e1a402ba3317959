import { describe, expect, it } from 'vitest';
import { checkExpression } from '../../../lib/expressions/index.js';
import { SLOT_RULE_MESSAGES as M, validateSlotSettings, type SlotSettings } from '../../../store/index.js';
import { validSettings } from './support/fixtures.js';

/** SPEC §2, one rule per test: the field it names and its exact text. */
const ctx = { companyId: 13, channelIds: new Set(['wa-main', 'wa-backup']), checkExpression };
const check = (settings: SlotSettings) => validateSlotSettings(settings, ctx);
const withDestination = (patch: Partial<SlotSettings['destination']>) =>
  validSettings({ destination: { ...validSettings().destination, ...patch } });
const withParameters = (...templateParameters: SlotSettings['destination']['templateParameters']) =>
  withDestination({ templateParameters });

describe('notification slot rules (SPEC §2)', () => {
  it('accepts the SPEC §7 example slot', () => {
    expect(check(validSettings())).toEqual([]);
  });

  describe('name', () => {
    it('is required: an empty name reads "Please enter text"', () => {
      expect(check(validSettings({ name: '' }))).toEqual([{ field: 'name', message: 'Please enter text' }]);
    });

    it('is required after trimming: spaces only read "Please enter text"', () => {
      expect(check(validSettings({ name: '   ' }))).toEqual([
        { field: 'name', message: 'Please enter text' },
      ]);
    });

    it('allows 40 characters after trimming and refuses 41', () => {
      expect(check(validSettings({ name: `  ${'n'.repeat(40)}  ` }))).toEqual([]);
      expect(check(validSettings({ name: 'n'.repeat(41) }))).toEqual([
        { field: 'name', message: 'Must be at most 40 characters' },
      ]);
    });

    it('counts characters, not UTF-16 units', () => {
      expect(check(validSettings({ name: '📦'.repeat(40) }))).toEqual([]);
    });
  });

  describe('destination_channel', () => {
    it('is required', () => {
      expect(check(validSettings({ destinationChannel: '' }))).toEqual([
        { field: 'destination_channel', message: 'Please choose a channel' },
      ]);
    });

    it('must be a channel of the same company', () => {
      expect(check(validSettings({ destinationChannel: 'wa-other' }))).toEqual([
        { field: 'destination_channel', message: 'Channel "wa-other" not found in company 13' },
      ]);
    });
  });

  describe('template_name, namespace, language_code', () => {
    it.each([
      ['template_name', { templateName: '' }],
      ['namespace', { namespace: '' }],
      ['language_code', { languageCode: ' ' }],
    ] as const)('an empty %s reads "Please enter text"', (field, patch) => {
      expect(check(withDestination(patch))).toEqual([
        { field: `destination.${field}`, message: 'Please enter text' },
      ]);
    });

    it('parse-checks expressions at save and gives the position of the error', () => {
      expect(check(withDestination({ templateName: '{{ order }' }))).toEqual([
        {
          field: 'destination.template_name',
          message: 'Please fix the expression: Unexpected token "}" at 1:10',
        },
      ]);
      expect(check(withDestination({ languageCode: '{{ data["x"] | nofilter }}' }))).toEqual([
        {
          field: 'destination.language_code',
          message: 'Please fix the expression: Unknown filter "nofilter" at 1:14',
        },
      ]);
    });

    it('accepts literals and well-formed expressions alike', () => {
      expect(
        check(withDestination({ templateName: '{{ data.template }}', namespace: 'ns', languageCode: 'en' })),
      ).toEqual([]);
    });
  });

  describe('template_parameters', () => {
    it('type must be one of the five kinds', () => {
      const settings = withParameters({ type: 'audio' as 'image', value: 'x' });
      expect(check(settings)).toEqual([
        {
          field: 'destination.template_parameters.0.type',
          message: 'Must be one of image, document, video, body, button_url',
        },
      ]);
    });

    it('allows at most one media parameter (image, document or video)', () => {
      const settings = withParameters(
        { type: 'image', value: 'https://cdn.example.com/a.jpg' },
        { type: 'body', value: 'x' },
        { type: 'video', value: 'https://cdn.example.com/a.mp4' },
      );
      expect(check(settings)).toEqual([
        { field: 'destination.template_parameters.2.type', message: M.secondMedia },
      ]);
      expect(M.secondMedia).toBe('At most one media parameter (image, document or video) per slot');
    });

    it('allows at most one URL button', () => {
      const settings = withParameters({ type: 'button_url', value: 'a' }, { type: 'button_url', value: 'b' });
      expect(check(settings)).toEqual([
        { field: 'destination.template_parameters.1.value', message: 'At most one URL button per slot' },
      ]);
    });

    it('allows at most one phone-number button', () => {
      const settings = withParameters(
        { type: 'button_url', value: 'wa.me/+79831249701' },
        { type: 'button_url', value: 'wa.me/+79831249702' },
      );
      expect(check(settings)).toEqual([
        {
          field: 'destination.template_parameters.1.value',
          message: 'At most one phone-number button per slot',
        },
      ]);
    });

    it('allows one URL button and one phone button together', () => {
      const settings = withParameters(
        { type: 'button_url', value: '{{ order }}' },
        { type: 'button_url', value: 'wa.me/+79831249701' },
      );
      expect(check(settings)).toEqual([]);
    });

    it.each([
      'wa.me/79831249701',
      'wa.me/+123456789',
      `wa.me/+${'1'.repeat(19)}`,
      'wa.me/+7983-124-9701',
      'wa.me/',
    ])('refuses the phone button value %s: a phone is wa.me/+ and 10 to 18 digits', (value) => {
      expect(check(withParameters({ type: 'button_url', value }))).toEqual([
        {
          field: 'destination.template_parameters.0.value',
          message:
            'Write a phone number as wa.me/+ followed by 10 to 18 digits, for example wa.me/+79831249701',
        },
      ]);
    });

    it.each(['wa.me/+1234567890', `wa.me/+${'9'.repeat(18)}`])(
      'accepts the phone button value %s',
      (value) => {
        expect(check(withParameters({ type: 'button_url', value }))).toEqual([]);
      },
    );

    it('requires a value', () => {
      expect(check(withParameters({ type: 'body', value: '' }))).toEqual([
        { field: 'destination.template_parameters.0.value', message: 'Please enter text' },
      ]);
    });

    it('parse-checks values as expressions', () => {
      expect(check(withParameters({ type: 'body', value: 'Hi\n{{ x +* }}' }))).toEqual([
        {
          field: 'destination.template_parameters.0.value',
          message: 'Please fix the expression: Unexpected token "*" at 2:7',
        },
      ]);
    });
  });

  describe('parse_request_body', () => {
    const withRule = (contextKey: string, requestKey = 'order_id') =>
      validSettings({ parseRequestBody: [{ contextKey, requestKey }] });

    it.each(['1order', '_order', 'order-id', 'заказ', 'order id'])(
      'refuses the context key %j: a Latin letter first, then Latin letters, digits or _',
      (key) => {
        expect(check(withRule(key))).toEqual([
          {
            field: 'parse_request_body.0.context_key',
            message: 'Must start with a Latin letter and contain only Latin letters, digits and _',
          },
        ]);
      },
    );

    it('accepts context keys case-sensitively, with digits and _', () => {
      const settings = validSettings({
        parseRequestBody: [
          { contextKey: 'Order', requestKey: 'a' },
          { contextKey: 'order', requestKey: 'b' },
          { contextKey: 'o_2', requestKey: 'c' },
        ],
      });
      expect(check(settings)).toEqual([]);
    });

    it('allows 128 characters in a context key and refuses 129', () => {
      expect(check(withRule('k'.repeat(128)))).toEqual([]);
      expect(check(withRule('k'.repeat(129)))).toEqual([
        { field: 'parse_request_body.0.context_key', message: 'Must be at most 128 characters' },
      ]);
    });

    it('requires a context key and a request key', () => {
      expect(check(withRule('', ''))).toEqual([
        { field: 'parse_request_body.0.context_key', message: 'Please enter text' },
        { field: 'parse_request_body.0.request_key', message: 'Please enter text' },
      ]);
    });

    it('parse-checks a request key only when it is an expression', () => {
      expect(check(withRule('order', 'odd}key'))).toEqual([]);
      expect(check(withRule('order', '{{ data["customer"] }'))).toEqual([
        {
          field: 'parse_request_body.0.request_key',
          message: 'Please fix the expression: Unexpected token "}" at 1:21',
        },
      ]);
    });
  });

  describe('branch_hooks', () => {
    it.each(['crm.example.com/hook', 'ftp://crm.example.com/hook'])(
      'refuses %s: a hook is an http(s) URL',
      (url) => {
        expect(check(validSettings({ branchHooks: { fail: url } }))).toEqual([
          { field: 'branch_hooks.fail', message: 'Must be an http(s) URL' },
        ]);
      },
    );
  });

  it('reports every broken rule at once', () => {
    const settings = validSettings({
      name: '',
      destinationChannel: 'nope',
      destination: { ...withDestination({ namespace: '' }).destination },
    });
    expect(check(settings).map((e) => e.field)).toEqual([
      'name',
      'destination_channel',
      'destination.namespace',
    ]);
  });
});
