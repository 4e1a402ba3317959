/** The workflow bundle's entry point: every workflow type the worker registers. */
export { chatWorkflow } from './chat-workflow.js';
export { notificationWorkflow } from './notification-workflow.js';
