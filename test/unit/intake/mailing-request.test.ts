import { describe, expect, it } from 'vitest';
import {
  checkContentType,
  parseJsonObject,
  readRecipient,
  readUrgency,
} from '../../../api/intake/mailing-request.js';

const RECIPIENT_REJECTED = { rejection: { http: 400, status: 'Recipient ID not found or invalid.' } };

describe('row 4: Content-Type', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset=UTF-8',
    ' application/json ',
  ])('accepts %j', (header) => expect(checkContentType(header)).toBeUndefined());

  it.each([undefined, '', 'text/plain', 'application/jsonp', 'application/x-www-form-urlencoded', 'json'])(
    'rejects %j with the SPEC text',
    (header) =>
      expect(checkContentType(header)).toEqual({
        http: 400,
        status: 'Content-Type must be application/json',
      }),
  );
});

describe('row 5: a JSON object', () => {
  it('returns the parsed object', () => {
    expect(parseJsonObject('{"phone_number":"79291642944","extra":{"foo":42}}')).toEqual({
      body: { phone_number: '79291642944', extra: { foo: 42 } },
    });
  });

  it.each(['', '{', 'null', '[]', '[{"phone_number":"79291642944"}]', '"text"', '42', 'true', '{"a":1} x'])(
    'rejects %j as Invalid JSON',
    (text) => expect(parseJsonObject(text)).toEqual({ rejection: { http: 400, status: 'Invalid JSON' } }),
  );

  it.each(['{"a":"x\\u0000y"}', '{"a":{"b":["\\u0000"]}}', '{"\\u0000":1}'])(
    'rejects %j: an escaped NUL that the store cannot hold',
    (text) => expect(parseJsonObject(text)).toEqual({ rejection: { http: 400, status: 'Invalid JSON' } }),
  );

  it('keeps an escaped backslash followed by u0000 (text, not a NUL)', () => {
    expect(parseJsonObject('{"a":"\\\\u0000"}')).toEqual({ body: { a: '\\u0000' } });
  });
});

describe('row 8: the recipient', () => {
  it.each(['7929164294', '79291642944', '+79291642944', '123456789012345678', '+123456789012345678'])(
    'accepts %j (10–18 digits, optional +) as given',
    (phone) => expect(readRecipient({ phone_number: phone })).toEqual({ recipient: phone }),
  );

  it.each([
    ['missing', {}],
    ['9 digits', { phone_number: '792916429' }],
    ['19 digits', { phone_number: '1234567890123456789' }],
    ['a number, not a string', { phone_number: 79291642944 }],
    ['spaces', { phone_number: '7929 164 2944' }],
    ['two pluses', { phone_number: '++79291642944' }],
    ['a trailing newline', { phone_number: '79291642944\n' }],
    ['letters', { phone_number: '7929164294a' }],
    ['under another key', { phone: '79291642944' }],
  ])('rejects %s', (_case, body: Record<string, unknown>) => {
    expect(readRecipient(body)).toEqual(RECIPIENT_REJECTED);
  });
});

describe('row 9: is_urgent', () => {
  it('defaults to false when absent', () => expect(readUrgency({})).toEqual({ urgent: false }));

  it.each([true, false])('takes the boolean %s', (value) =>
    expect(readUrgency({ is_urgent: value })).toEqual({ urgent: value }),
  );

  it.each([null, 'true', 1, 0, {}, []])('rejects %j', (value) =>
    expect(readUrgency({ is_urgent: value })).toEqual({
      rejection: { http: 400, status: 'is_urgent must be a boolean' },
    }),
  );
});
