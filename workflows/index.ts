/** The workflow bundle's entry point: every workflow type the worker registers. */
export { taskWorkflow } from './task-workflow.js';
export { chatEntityWorkflow } from './chat-entity-workflow.js';
// The previous version, frozen: executions started before the upgrade complete (README "Versioning").
export { chatWorkflow, notificationWorkflow } from './legacy/index.js';
