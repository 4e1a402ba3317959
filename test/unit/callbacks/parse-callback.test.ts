import { describe, expect, it } from 'vitest';
import { parseCallback } from '../../../api/callbacks/parse-callback.js';

const status = (id: string, recipient: string, extra: Record<string, unknown> = {}) => ({
  id,
  recipient_id: recipient,
  status: 'delivered',
  timestamp: '1767323045',
  ...extra,
});

describe('On-Premise callbacks (statuses / messages at the top level)', () => {
  it('routes each status by its recipient digits, keeping only that status in its body', () => {
    const body = { statuses: [status('m-1', '+79291642944'), status('m-2', '4915112345678')] };
    const { byRecipient, skipped } = parseCallback(body);
    expect(skipped).toBe(0);
    expect([...byRecipient.keys()]).toEqual(['79291642944', '4915112345678']);
    expect(byRecipient.get('79291642944')).toEqual([
      {
        kind: 'status',
        messageId: 'm-1',
        recipientId: '+79291642944',
        status: 'delivered',
        errorCodes: [],
        body: { statuses: [status('m-1', '+79291642944')] },
      },
    ]);
  });

  it('reads recipient_id under `message` (newer On-Premise) and numeric error codes', () => {
    const failed = {
      id: 'm-3',
      status: 'failed',
      message: { recipient_id: '79291642944' },
      errors: [{ code: 1013 }, { code: 'x' }, 'junk'],
    };
    const events = parseCallback({ statuses: [failed] }).byRecipient.get('79291642944');
    expect(events).toMatchObject([
      { kind: 'status', messageId: 'm-3', status: 'failed', errorCodes: [1013] },
    ]);
  });

  it('routes an inbound message by its sender, with its own contact and the replied-to id', () => {
    const body = {
      contacts: [
        { wa_id: '79291642944', profile: { name: 'Anna' } },
        { wa_id: '4915112345678', profile: { name: 'Ben' } },
      ],
      messages: [{ id: 'in-1', from: '79291642944', type: 'button', context: { id: 'm-1' } }],
    };
    expect(parseCallback(body).byRecipient.get('79291642944')).toEqual([
      {
        kind: 'inbound',
        messageId: 'in-1',
        from: '79291642944',
        contextMessageId: 'm-1',
        body: { contacts: [body.contacts[0]], messages: [body.messages[0]] },
      },
    ]);
  });
});

describe('Cloud callbacks (Meta envelope entry[].changes[].value)', () => {
  const envelope = (value: Record<string, unknown>) => ({
    object: 'whatsapp_business_account',
    entry: [
      { id: 'waba-1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', ...value } }] },
    ],
  });

  it('splits a bundle per recipient, each event re-wrapped in the envelope with only its own item', () => {
    const body = envelope({
      statuses: [status('m-1', '79291642944'), status('m-2', '4915112345678'), status('m-4', '79291642944')],
    });
    const { byRecipient, skipped } = parseCallback(body);
    expect(skipped).toBe(0);
    expect(byRecipient.get('79291642944')?.map((e) => e.messageId)).toEqual(['m-1', 'm-4']);
    expect(byRecipient.get('4915112345678')?.[0]?.body).toEqual(
      envelope({ statuses: [status('m-2', '4915112345678')] }),
    );
    expect(JSON.stringify(byRecipient.get('4915112345678'))).not.toContain('79291642944');
  });

  it('reads statuses and messages from several entries and changes', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        { id: 'a', changes: [{ field: 'messages', value: { statuses: [status('m-1', '79291642944')] } }] },
        {
          id: 'b',
          changes: [{ field: 'messages', value: { messages: [{ id: 'in-1', from: '79291642944' }] } }],
        },
      ],
    };
    expect(
      parseCallback(body)
        .byRecipient.get('79291642944')
        ?.map((e) => e.kind),
    ).toEqual(['status', 'inbound']);
  });
});

describe('entries that cannot be routed', () => {
  it('are counted as skipped, never fatal, and the rest is still routed', () => {
    const body = {
      statuses: [
        { recipient_id: '79291642944', status: 'sent' }, // no id
        { id: 'm-1', status: 'sent' }, // no recipient
        { id: 'm-2', recipient_id: '', status: 'sent' }, // empty recipient
        { id: 'm-3', recipient_id: '+', status: 'sent' }, // no digits at all
        'not an object',
        status('m-5', '79291642944'),
      ],
      messages: [{ id: 'in-1' }, { from: '79291642944' }],
    };
    const { byRecipient, skipped } = parseCallback(body);
    expect(skipped).toBe(6);
    expect([...byRecipient.keys()]).toEqual(['79291642944']);
    expect(byRecipient.get('79291642944')?.map((e) => e.messageId)).toEqual(['m-5']);
  });

  it('yields nothing for a body with neither shape', () => {
    expect(parseCallback({ hello: 'world', entry: 'not a list' })).toEqual({
      byRecipient: new Map(),
      skipped: 0,
    });
  });
});
