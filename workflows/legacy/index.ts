// FROZEN: the previous version, kept so running executions complete. Do not edit.
/**
 * The previous version's workflows, frozen (same type, signal and query names): executions started
 * before the upgrade replay and complete on this code. Never edit; delete once none runs.
 */
export { chatWorkflow } from './chat-workflow.js';
export { notificationWorkflow } from './notification-workflow.js';
