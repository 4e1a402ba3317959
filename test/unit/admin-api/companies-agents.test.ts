import { describe, expect, it } from 'vitest';
import { useApi } from './support/harness.js';

const h = useApi();
const stamp = expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown;

describe('companies', () => {
  it('creates a company with the default rate limit of 20 per second', async () => {
    const reply = await h.call('POST', '/admin/companies', { id: 13 });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ id: 13, rate_limit_per_second: 20, created_at: stamp, updated_at: stamp });
  });

  it('reads, lists and updates companies', async () => {
    await h.call('POST', '/admin/companies', { id: 13 });
    await h.call('POST', '/admin/companies', { id: 7, rate_limit_per_second: 5 });
    const patched = await h.call('PATCH', '/admin/companies/13', { rate_limit_per_second: 100 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: 13, rate_limit_per_second: 100 });
    expect((await h.call('GET', '/admin/companies/13')).body).toMatchObject({ rate_limit_per_second: 100 });
    const list = await h.call('GET', '/admin/companies');
    expect(list.body).toMatchObject({ companies: [{ id: 7 }, { id: 13 }] });
  });

  it('answers 409 for a taken id and 404 for an unknown company', async () => {
    await h.call('POST', '/admin/companies', { id: 13 });
    const taken = await h.call('POST', '/admin/companies', { id: 13 });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ status: 'Company 13 already exists' });
    const missing = await h.call('GET', '/admin/companies/99');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ status: 'Company not found' });
    expect((await h.call('PATCH', '/admin/companies/99', {})).status).toBe(404);
  });

  it('names every invalid field in one 400', async () => {
    const reply = await h.call('POST', '/admin/companies', {
      id: -1,
      rate_limit_per_second: 0,
      colour: 'red',
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      status: 'Validation failed',
      errors: [
        { field: 'id', message: 'Must be an integer from 1 to 2147483647' },
        { field: 'rate_limit_per_second', message: 'Must be an integer from 1 to 100000' },
        { field: 'colour', message: 'Unknown field' },
      ],
    });
  });

  it('answers malformed JSON with a 400 in the same shape', async () => {
    const reply = await h.call('POST', '/admin/companies', '{"id": 13');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status: expect.stringMatching(/JSON/) as unknown });
  });

  it('answers a non-numeric company id in the path with a 400', async () => {
    const reply = await h.call('GET', '/admin/companies/abc');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ status: 'Validation failed', errors: [{ field: 'companyId' }] });
  });
});

describe('agents', () => {
  it('creates an agent with the default inactivity timeout of 900 s and no live training', async () => {
    await h.call('POST', '/admin/companies', { id: 13 });
    const reply = await h.call('POST', '/admin/companies/13/agents', { id: 'shop-bot' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: 'shop-bot',
      company_id: 13,
      inactivity_timeout_seconds: 900,
      live_version: null,
      created_at: stamp,
      updated_at: stamp,
    });
  });

  it('generates an id, lists, reads and changes the timeout', async () => {
    await h.call('POST', '/admin/companies', { id: 13 });
    const created = await h.call('POST', '/admin/companies/13/agents', {});
    const id = (created.body as { id: string }).id;
    expect(id).toMatch(/^agent-[0-9a-f]{12}$/);
    expect(
      (await h.call('PATCH', `/admin/agents/${id}`, { inactivity_timeout_seconds: 60 })).body,
    ).toMatchObject({
      inactivity_timeout_seconds: 60,
    });
    expect((await h.call('GET', `/admin/agents/${id}`)).body).toMatchObject({
      inactivity_timeout_seconds: 60,
    });
    expect((await h.call('GET', '/admin/companies/13/agents')).body).toMatchObject({ agents: [{ id }] });
  });

  it('refuses an agent of an unknown company, a bad id and a bad timeout', async () => {
    expect((await h.call('POST', '/admin/companies/5/agents', {})).body).toEqual({
      status: 'Company not found',
    });
    await h.call('POST', '/admin/companies', { id: 13 });
    const reply = await h.call('POST', '/admin/companies/13/agents', {
      id: 'Shop Bot',
      inactivity_timeout_seconds: 0,
    });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      status: 'Validation failed',
      errors: [
        {
          field: 'id',
          message: "Use 1-63 characters: lowercase Latin letters, digits and '-', not starting with '-'",
        },
        { field: 'inactivity_timeout_seconds', message: 'Must be an integer from 1 to 604800' },
      ],
    });
    expect((await h.call('GET', '/admin/agents/nobody')).body).toEqual({ status: 'Agent not found' });
  });
});
