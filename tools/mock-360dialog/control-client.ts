import type {
  FaultInput,
  InboundInput,
  KeyConfig,
  KeyInput,
  MockConfig,
  MockConfigPatch,
  ScenarioConfig,
  ScenarioInput,
  TemplateFixture,
  TemplateInput,
} from './schemas.js';
import type {
  DeliveryFilter,
  DeliveryRecord,
  FaultEntry,
  RecordedRequest,
  RequestFilter,
  SendRateStats,
  SentMessage,
  WebhookConfig,
} from './types.js';

/** A control call the mock refused (400 validation, 404, 409) or a wait that timed out. */
export class Mock360dialogControlError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(message: string, status: number, body: unknown) {
    super(message);
    this.name = 'Mock360dialogControlError';
    this.status = status;
    this.body = body;
  }
}

/** Options of the `waitFor…` calls. */
export interface WaitOptions {
  /** How long the mock long-polls before giving up (default 5000 ms). */
  timeoutMs?: number;
}

interface ListResult<T> {
  items: T[];
  timedOut: boolean;
}

type Query = Record<string, string | number | boolean | undefined>;

/**
 * Typed client of the mock's `/__mock/*` control API. Works over HTTP only, so it drives an
 * in-process mock and one started with `npm run mock:360dialog` alike.
 */
export class Mock360dialogControl {
  readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** Back to the state right after start: no keys, webhooks, scenarios, faults or recordings. */
  async reset(): Promise<void> {
    await this.#call('POST', '/reset', {});
  }

  registerKey(input: KeyInput): Promise<KeyConfig> {
    return this.#call('POST', '/keys', input);
  }

  keys(): Promise<KeyConfig[]> {
    return this.#call('GET', '/keys');
  }

  /** Webhook configs stored via `POST /v1/configs/webhook`, by API key. */
  webhooks(): Promise<Record<string, WebhookConfig>> {
    return this.#call('GET', '/webhooks');
  }

  templates(): Promise<TemplateFixture[]> {
    return this.#call('GET', '/templates');
  }

  /** Replaces the whole template fixture list (listing and send validation use it). */
  setTemplates(templates: TemplateInput[]): Promise<TemplateFixture[]> {
    return this.#call('PUT', '/templates', templates);
  }

  config(): Promise<MockConfig> {
    return this.#call('GET', '/config');
  }

  setConfig(patch: MockConfigPatch): Promise<MockConfig> {
    return this.#call('PUT', '/config', patch);
  }

  /** Scripts the status callbacks (and sync behaviour, wa_id) of one recipient. */
  setScenario(input: ScenarioInput): Promise<ScenarioConfig> {
    return this.#call('POST', '/scenarios', input);
  }

  scenarios(): Promise<ScenarioConfig[]> {
    return this.#call('GET', '/scenarios');
  }

  /** Injects a fault for the next `times` matching API calls. */
  addFault(input: FaultInput): Promise<FaultEntry> {
    return this.#call('POST', '/faults', input);
  }

  faults(): Promise<FaultEntry[]> {
    return this.#call('GET', '/faults');
  }

  async clearFaults(): Promise<void> {
    await this.#call('DELETE', '/faults');
  }

  /** Simulates a user action; the webhook is delivered asynchronously (wait with `waitForDeliveries`). */
  inbound(input: InboundInput): Promise<{ messageId: string | null; body: unknown }> {
    return this.#call('POST', '/inbound', input);
  }

  async requests(filter: RequestFilter = {}): Promise<RecordedRequest[]> {
    return (await this.#call<ListResult<RecordedRequest>>('GET', '/requests', undefined, { ...filter }))
      .items;
  }

  /** Resolves once at least `count` matching API requests were received (answered or not). */
  waitForRequests(count: number, filter: RequestFilter & WaitOptions = {}): Promise<RecordedRequest[]> {
    return this.#wait('/requests', count, { ...filter });
  }

  async deliveries(filter: DeliveryFilter = {}): Promise<DeliveryRecord[]> {
    return (await this.#call<ListResult<DeliveryRecord>>('GET', '/deliveries', undefined, { ...filter }))
      .items;
  }

  /** Resolves once at least `count` matching webhook attempts were recorded; throws on timeout. */
  waitForDeliveries(count: number, filter: DeliveryFilter & WaitOptions = {}): Promise<DeliveryRecord[]> {
    return this.#wait('/deliveries', count, { ...filter });
  }

  /** Messages the mock accepted, with ids, wa_ids and templates. */
  messages(): Promise<SentMessage[]> {
    return this.#call('GET', '/messages');
  }

  /** Template sends received (per key), their fate, and the most that arrived in any `windowMs` (1 s). */
  sendRate(filter: { key?: string; windowMs?: number } = {}): Promise<SendRateStats> {
    return this.#call('GET', '/send-rate', undefined, { ...filter });
  }

  async #wait<T>(path: string, count: number, query: Query): Promise<T[]> {
    const result = await this.#call<ListResult<T>>('GET', path, undefined, { ...query, wait: count });
    if (result.timedOut) {
      const message = `timed out waiting for ${count} ${path.slice(1)}, got ${result.items.length}`;
      throw new Mock360dialogControlError(message, 408, result);
    }
    return result.items;
  }

  async #call<T>(method: string, path: string, body?: unknown, query: Query = {}): Promise<T> {
    const url = new URL(`${this.baseUrl}/__mock${path}`);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    if (!response.ok) {
      const details = (parsed as { details?: unknown } | null)?.details;
      const detail = typeof details === 'string' ? details : text;
      throw new Mock360dialogControlError(
        `${method} ${path} failed (${response.status}): ${detail}`,
        response.status,
        parsed,
      );
    }
    return parsed as T;
  }
}
