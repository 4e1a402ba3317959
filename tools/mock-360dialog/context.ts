import type { MockState } from './state.js';
import type { WebhookDeliverer } from './webhook-delivery.js';

/** What every handler needs: the mock's state and its webhook deliverer. */
export interface MockContext {
  state: MockState;
  deliverer: WebhookDeliverer;
}
