import type { OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '../../../store/index.js';
import type { AdminApiDeps } from '../deps.js';
import { agentView, trainingView } from '../mapping.js';
import * as routes from './routes.js';

/** Agents and their trainings: training is the only way slot edits reach mailing requests. */
export function registerAgentRoutes(app: OpenAPIHono, { store }: AdminApiDeps): void {
  app.openapi(routes.createAgent, async (c) => {
    const input = c.req.valid('json');
    const agent = await store.createAgent({
      id: input.id,
      companyId: c.req.valid('param').companyId,
      inactivityTimeoutSeconds: input.inactivity_timeout_seconds,
    });
    return c.json(agentView(agent), 201);
  });

  app.openapi(routes.listAgents, async (c) => {
    const agents = await store.listAgents(c.req.valid('param').companyId);
    return c.json({ agents: agents.map(agentView) }, 200);
  });

  app.openapi(routes.getAgent, async (c) => {
    const agent = await store.getAgent(c.req.valid('param').agentId);
    if (!agent) throw new NotFoundError('Agent');
    return c.json(agentView(agent), 200);
  });

  app.openapi(routes.updateAgent, async (c) => {
    const input = c.req.valid('json');
    const agent = await store.updateAgent(c.req.valid('param').agentId, {
      inactivityTimeoutSeconds: input.inactivity_timeout_seconds,
    });
    return c.json(agentView(agent), 200);
  });

  app.openapi(routes.trainAgent, async (c) => {
    const { agentId } = c.req.valid('param');
    const outcome = await store.trainAgent(agentId);
    if (outcome.outcome === 'invalid') {
      const { errors, warnings, liveVersion } = outcome;
      return c.json({ status: 'Training failed' as const, errors, warnings, live_version: liveVersion }, 422);
    }
    const training = await store.getTraining(agentId, outcome.version);
    if (!training) throw new NotFoundError('Training');
    return c.json({ ...trainingView(training), warnings: outcome.warnings }, 200);
  });

  app.openapi(routes.getTraining, async (c) => {
    const { agentId, version } = c.req.valid('param');
    const training = await store.getTraining(agentId, version);
    if (!training) throw new NotFoundError('Training');
    return c.json(trainingView(training), 200);
  });
}
