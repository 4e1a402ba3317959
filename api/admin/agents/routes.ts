import { createRoute, z } from '@hono/zod-openapi';
import { body, errors, json, security } from '../openapi.js';
import {
  AgentCreateSchema,
  AgentPatchSchema,
  AgentSchema,
  TrainingFailedSchema,
  TrainingSchema,
} from '../schemas/agent.js';
import { AgentParams, CompanyParams, TrainingParams } from '../schemas/common.js';
import { TrainingWarningsSchema } from '../templates/schemas.js';

const tags = ['Agents'];

export const createAgent = createRoute({
  method: 'post',
  path: '/companies/{companyId}/agents',
  tags,
  security,
  summary: 'Create an agent (bot) of a company',
  request: { params: CompanyParams, body: body(AgentCreateSchema) },
  responses: {
    201: json(AgentSchema, 'Created'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
    409: errors[409],
  },
});

export const listAgents = createRoute({
  method: 'get',
  path: '/companies/{companyId}/agents',
  tags,
  security,
  summary: 'List a company’s agents',
  request: { params: CompanyParams },
  responses: {
    200: json(z.object({ agents: z.array(AgentSchema) }), 'Agents by id'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});

export const getAgent = createRoute({
  method: 'get',
  path: '/agents/{agentId}',
  tags,
  security,
  summary: 'Read an agent',
  request: { params: AgentParams },
  responses: { 200: json(AgentSchema, 'The agent'), 401: errors[401], 404: errors[404] },
});

export const updateAgent = createRoute({
  method: 'patch',
  path: '/agents/{agentId}',
  tags,
  security,
  summary: 'Change an agent’s dialog inactivity timeout (live from the next training)',
  request: { params: AgentParams, body: body(AgentPatchSchema) },
  responses: { 200: json(AgentSchema, 'Updated'), 400: errors[400], 401: errors[401], 404: errors[404] },
});

export const trainAgent = createRoute({
  method: 'post',
  path: '/agents/{agentId}/train',
  tags,
  security,
  summary: 'Validate every slot and publish a new numbered snapshot',
  description:
    'On success the new training serves mailing requests at once (new webhooks start, replaced ones stop). ' +
    'On failure nothing is published and the previous training keeps serving.',
  request: { params: AgentParams },
  responses: {
    200: json(
      TrainingSchema.extend({ warnings: TrainingWarningsSchema }),
      'Published; `warnings` lists what the template check found that does not block',
    ),
    401: errors[401],
    404: errors[404],
    422: json(
      TrainingFailedSchema.extend({ warnings: TrainingWarningsSchema }),
      'A slot breaks a rule or does not fit its approved 360dialog template (the template check); ' +
        '`errors` lists them all as `slots.{slotId}.{field}`',
    ),
  },
});

export const getTraining = createRoute({
  method: 'get',
  path: '/agents/{agentId}/trainings/{version}',
  tags,
  security,
  summary: 'Read a published training (immutable)',
  request: { params: TrainingParams },
  responses: {
    200: json(TrainingSchema, 'The training'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});
