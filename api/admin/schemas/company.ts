import { z } from '@hono/zod-openapi';
import { CompanyId, RateLimit, Timestamp } from './common.js';

export const CompanyCreateSchema = z
  .strictObject({ id: CompanyId, rate_limit_per_second: RateLimit.optional() })
  .openapi('CompanyCreate');

export const CompanyPatchSchema = z
  .strictObject({ rate_limit_per_second: RateLimit.optional() })
  .openapi('CompanyPatch');

export const CompanySchema = z
  .object({ id: z.number(), rate_limit_per_second: z.number(), created_at: Timestamp, updated_at: Timestamp })
  .openapi('Company');
