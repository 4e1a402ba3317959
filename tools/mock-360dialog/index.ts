/** Public surface of the 360dialog mock: start it in-process or drive a running one over HTTP. */
export { startMock360dialog } from './server.js';
export type { Mock360dialog, Mock360dialogOptions } from './server.js';
export { Mock360dialogControl, Mock360dialogControlError } from './control-client.js';
export type { WaitOptions } from './control-client.js';
export { DEFAULT_TEMPLATES } from './templates.js';
export { TEMPLATE_SHAPES } from './template-shapes.js';
export { SIGNATURE_HEADER } from './webhook-delivery.js';
export type * from './schemas.js';
export type * from './types.js';
