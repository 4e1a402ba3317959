import { createRoute } from '@hono/zod-openapi';
import { errors, json, security } from '../openapi.js';
import { SlotParams } from '../schemas/common.js';
import {
  OutcomeQuerySchema,
  OutcomesSchema,
  TaskPageSchema,
  TaskParams,
  TaskQuerySchema,
  TaskSchema,
} from '../schemas/task.js';

const tags = ['Task monitor'];

export const listTasks = createRoute({
  method: 'get',
  path: '/tasks',
  tags,
  security,
  summary: 'Latest tasks, newest first, filtered; keyset pages',
  description: 'A company token sees only its company’s tasks. Recipients are partly masked here.',
  request: { query: TaskQuerySchema },
  responses: { 200: json(TaskPageSchema, 'One page'), 400: errors[400], 401: errors[401], 404: errors[404] },
});

export const getTask = createRoute({
  method: 'get',
  path: '/tasks/{taskId}',
  tags,
  security,
  summary: 'One task with its timeline times and the channel’s response',
  request: { params: TaskParams },
  responses: { 200: json(TaskSchema, 'The task'), 401: errors[401], 404: errors[404] },
});

export const slotOutcomes = createRoute({
  method: 'get',
  path: '/slots/{slotId}/outcomes',
  tags,
  security,
  summary: 'Outcomes of a slot’s tasks per hour or day: success, no_account, fail, waiting',
  request: { params: SlotParams, query: OutcomeQuerySchema },
  responses: {
    200: json(OutcomesSchema, 'Counts per bucket'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});
