/**
 * The OpenAPI description of the probes and `/metrics` (plain hono routes in health.ts and
 * metrics.ts), so the one document lists every route the service answers.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';

const tags = ['Operations'];

const ReadinessSchema = z
  .object({
    status: z.enum(['ready', 'Not ready']),
    failing: z.array(z.string()).meta({ description: 'Names of the dependencies that did not answer' }),
    checks: z.record(z.string(), z.string()).meta({ example: { temporal: 'ok', database: 'ok' } }),
  })
  .openapi('Readiness');

const readiness = (description: string) => ({
  description,
  content: { 'application/json': { schema: ReadinessSchema } },
});

export const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags,
  summary: 'Liveness: the process answers',
  responses: {
    200: {
      description: 'Alive',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
  },
});

export const readinessRoute = createRoute({
  method: 'get',
  path: '/readyz',
  tags,
  summary: 'Readiness: Temporal and the database answer',
  responses: { 200: readiness('Ready'), 503: readiness('A dependency does not answer; `failing` names it') },
});

export const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  tags,
  summary: 'Prometheus metrics: the service’s and the Temporal SDK’s',
  responses: {
    200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
  },
});

/** Adds the probes (and `/metrics` when the app serves it) to the app's one OpenAPI document. */
export function documentOperations(app: OpenAPIHono, withMetrics: boolean): void {
  app.openAPIRegistry.registerPath(healthRoute);
  app.openAPIRegistry.registerPath(readinessRoute);
  if (withMetrics) app.openAPIRegistry.registerPath(metricsRoute);
}
