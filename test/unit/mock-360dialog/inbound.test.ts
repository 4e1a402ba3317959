import { describe, expect, it } from 'vitest';
import { Mock360dialogControlError } from '../../../tools/mock-360dialog/control-client.js';
import {
  CLOUD_KEY,
  ONPREM_KEY,
  api,
  cloudTemplate,
  messageId,
  onpremOrderShipped,
  useMockHarness,
} from './helpers/harness.js';

const USER = '4915112345678';
const ENVELOPE_VALUE_BASE = {
  messaging_product: 'whatsapp',
  metadata: { display_phone_number: '4930123456', phone_number_id: '109876543210' },
};

function cloudValue(body: unknown): Record<string, unknown> {
  return (body as { entry: { changes: { value: Record<string, unknown> }[] }[] }).entry[0]!.changes[0]!.value;
}

describe('360dialog mock: inbound simulation', () => {
  const h = useMockHarness();

  it('delivers a user text message inside the Cloud envelope', async () => {
    const { messageId } = await h.mock.control.inbound({
      type: 'text',
      key: CLOUD_KEY,
      from: '+' + USER,
      text: 'Hi',
      profileName: 'Anna',
    });

    const [body] = await h.receiver.waitForAccepted(1);

    expect(messageId).toMatch(/^wamid\./);
    expect(body).toMatchObject({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398' }] });
    expect(cloudValue(body)).toEqual({
      ...ENVELOPE_VALUE_BASE,
      contacts: [{ profile: { name: 'Anna' }, wa_id: USER }],
      messages: [
        {
          from: USER,
          id: messageId,
          timestamp: expect.stringMatching(/^\d{10}$/) as unknown,
          type: 'text',
          text: { body: 'Hi' },
        },
      ],
    });
  });

  it('delivers on-prem inbound messages as top-level contacts and messages', async () => {
    const { messageId } = await h.mock.control.inbound({
      type: 'text',
      key: ONPREM_KEY,
      from: USER,
      text: 'Hallo',
    });

    const [body] = await h.receiver.waitForAccepted(1);

    expect(body).toEqual({
      contacts: [{ profile: { name: 'Test User' }, wa_id: USER }],
      messages: [
        {
          from: USER,
          id: messageId,
          timestamp: expect.any(String) as unknown,
          type: 'text',
          text: { body: 'Hallo' },
        },
      ],
    });
  });

  it('delivers a template quick-reply tap referencing the last message sent to the user', async () => {
    await h.mock.control.setScenario({ recipient: USER, scenario: 'none' });
    const sent = await api(h.mock.url, ONPREM_KEY, 'POST', '/v1/messages', onpremOrderShipped(USER));
    const sentId = messageId(sent);

    await h.mock.control.inbound({
      type: 'button',
      key: ONPREM_KEY,
      from: USER,
      text: 'Stop',
      payload: 'STOP:A-1042',
    });
    const [body] = await h.receiver.waitForAccepted(1);

    expect((body as { messages: unknown[] }).messages[0]).toEqual({
      context: { from: '4930123456', id: sentId },
      from: USER,
      id: expect.any(String) as unknown,
      timestamp: expect.any(String) as unknown,
      type: 'button',
      button: { payload: 'STOP:A-1042', text: 'Stop' },
    });
  });

  it('uses an explicit contextMessageId and defaults the button payload to its label', async () => {
    await h.mock.control.inbound({
      type: 'button',
      key: CLOUD_KEY,
      from: USER,
      text: 'Great',
      contextMessageId: 'wamid.ABC',
    });

    const [body] = await h.receiver.waitForAccepted(1);

    expect((cloudValue(body).messages as unknown[])[0]).toMatchObject({
      context: { from: '4930123456', id: 'wamid.ABC' },
      type: 'button',
      button: { payload: 'Great', text: 'Great' },
    });
  });

  it('delivers interactive button_reply and list_reply messages', async () => {
    await h.mock.control.setScenario({ recipient: USER, scenario: 'none' });
    const sent = await api(
      h.mock.url,
      CLOUD_KEY,
      'POST',
      '/messages',
      cloudTemplate(USER, 'hello_world', 'en_US'),
    );

    await h.mock.control.inbound({ type: 'button_reply', key: CLOUD_KEY, from: USER, id: '1', title: 'Yes' });
    await h.receiver.waitForAccepted(1);
    await h.mock.control.inbound({
      type: 'list_reply',
      key: CLOUD_KEY,
      from: USER,
      id: 'slot-2',
      title: 'Tue 10:00',
      description: 'Room 4',
    });
    const bodies = await h.receiver.waitForAccepted(2);

    const messages = bodies.map((b) => (cloudValue(b).messages as Record<string, unknown>[])[0]);
    expect(messages.map((m) => m?.context)).toEqual([
      { from: '4930123456', id: messageId(sent) },
      { from: '4930123456', id: messageId(sent) },
    ]);
    expect(messages.map((m) => [m?.type, m?.interactive])).toEqual([
      ['interactive', { type: 'button_reply', button_reply: { id: '1', title: 'Yes' } }],
      [
        'interactive',
        { type: 'list_reply', list_reply: { id: 'slot-2', title: 'Tue 10:00', description: 'Room 4' } },
      ],
    ]);
  });

  it('delivers out-of-band errors in each flavour', async () => {
    await h.mock.control.inbound({
      type: 'errors',
      key: CLOUD_KEY,
      code: 131000,
      title: 'Something went wrong',
      details: 'Oops',
    });
    await h.receiver.waitForAccepted(1);
    await h.mock.control.inbound({ type: 'errors', key: ONPREM_KEY, code: 1014, title: 'Internal error' });
    const [cloud, onprem] = await h.receiver.waitForAccepted(2);

    expect(cloudValue(cloud)).toEqual({
      ...ENVELOPE_VALUE_BASE,
      errors: [
        {
          code: 131000,
          title: 'Something went wrong',
          message: 'Something went wrong',
          error_data: { details: 'Oops' },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ],
    });
    expect(onprem).toEqual({ errors: [{ code: 1014, title: 'Internal error' }] });
  });

  it('refuses a reply without any message to refer to, and a key without webhook', async () => {
    await h.mock.control.registerKey({ key: 'no-hook', flavour: 'cloud' });

    const noContext = h.mock.control.inbound({
      type: 'button',
      key: CLOUD_KEY,
      from: '4915100000077',
      text: 'Stop',
    });
    await expect(noContext).rejects.toMatchObject({
      status: 400,
      body: { error: 'no message was sent to 4915100000077 with key cloud-key-1; pass contextMessageId' },
    });
    const noHook = h.mock.control.inbound({ type: 'text', key: 'no-hook', from: USER, text: 'Hi' });
    await expect(noHook).rejects.toBeInstanceOf(Mock360dialogControlError);
    await expect(noHook).rejects.toMatchObject({
      status: 409,
      body: { error: 'no webhook configured for key no-hook' },
    });
  });
});
