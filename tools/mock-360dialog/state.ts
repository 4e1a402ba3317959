import { Journal } from './journal.js';
import type {
  Chaos,
  FaultSpec,
  KeyConfig,
  MockConfig,
  MockConfigPatch,
  ScenarioConfig,
  TemplateFixture,
} from './schemas.js';
import { SendLimits } from './send-limits.js';
import { DEFAULT_TEMPLATES } from './templates.js';
import { TimerRegistry } from './timers.js';
import type { DeliveryRecord, FaultEntry, RecordedRequest, SentMessage, WebhookConfig } from './types.js';

/** Everything one mock instance knows; `reset` returns it to the state right after start. */
export class MockState {
  readonly timers = new TimerRegistry();
  readonly requests = new Journal<RecordedRequest>();
  readonly deliveries = new Journal<DeliveryRecord>();
  readonly keys = new Map<string, KeyConfig>();
  readonly webhooks = new Map<string, WebhookConfig>();
  readonly scenarios = new Map<string, ScenarioConfig>();
  readonly messages = new Map<string, SentMessage>();
  readonly limits = new SendLimits();
  config: MockConfig;
  templates: TemplateFixture[] = [...DEFAULT_TEMPLATES];
  faults: FaultEntry[] = [];
  #faultSeq = 0;
  readonly #initialConfig: MockConfig;

  constructor(initialConfig: MockConfig) {
    this.#initialConfig = structuredClone(initialConfig);
    this.config = structuredClone(initialConfig);
  }

  /** Clears keys, webhooks, scenarios, faults, recordings; cancels pending timers and deliveries. */
  reset(): void {
    this.timers.cancelAll();
    this.keys.clear();
    this.webhooks.clear();
    this.scenarios.clear();
    this.messages.clear();
    this.limits.clear();
    this.requests.clear();
    this.deliveries.clear();
    this.faults = [];
    this.templates = [...DEFAULT_TEMPLATES];
    this.config = structuredClone(this.#initialConfig);
  }

  /** Merges a partial config (the nested retry policy field by field). */
  patchConfig(patch: MockConfigPatch): MockConfig {
    const { retry, ...rest } = patch;
    this.config = { ...this.config, ...rest, retry: { ...this.config.retry, ...retry } };
    return this.config;
  }

  /** The recipient's script; unscripted recipients get `happy`. */
  scenarioFor(digits: string): ScenarioConfig {
    return this.scenarios.get(digits) ?? { recipient: digits, scenario: 'happy' };
  }

  /** Global chaos switches overridden field by field by the scenario's own. */
  chaosFor(scenario: ScenarioConfig): Chaos {
    return { ...this.config.chaos, ...scenario.chaos };
  }

  addFault(spec: FaultSpec): FaultEntry {
    this.#faultSeq += 1;
    const entry = { id: this.#faultSeq, remaining: spec.times, spec };
    this.faults.push(entry);
    return entry;
  }

  /** Most recent message a key sent to a wa_id: the default `context.id` of an inbound reply. */
  lastMessageTo(key: string, waId: string): SentMessage | undefined {
    return [...this.messages.values()].reverse().find((m) => m.key === key && m.waId === waId);
  }
}
