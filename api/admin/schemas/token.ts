import { z } from '@hono/zod-openapi';
import { CompanyParams, Timestamp } from './common.js';

/** Company-scoped admin tokens (issue 12): stored hashed, shown once. */
export const CompanyRoleSchema = z
  .enum(['editor', 'viewer'], { error: 'Must be editor or viewer' })
  .meta({ description: 'editor: read and change the company; viewer: read only' });

export const TokenCreateSchema = z
  .strictObject({
    role: CompanyRoleSchema,
    label: z.string().max(80, 'Must be at most 80 characters').optional().meta({ example: 'Support team' }),
  })
  .openapi('CompanyTokenCreate');

export const TokenSchema = z
  .object({
    id: z.string().meta({ example: 'tok-1a2b3c4d5e6f' }),
    company_id: z.number(),
    role: CompanyRoleSchema,
    label: z.string(),
    created_at: Timestamp,
    revoked_at: Timestamp.nullable(),
  })
  .openapi('CompanyToken');

export const TokenCreatedSchema = TokenSchema.extend({
  token: z.string().meta({ description: 'The bearer token; shown only in this response' }),
}).openapi('CompanyTokenCreated');

export const TokenParams = CompanyParams.extend({
  tokenId: z.string().openapi({ param: { name: 'tokenId', in: 'path' }, example: 'tok-1a2b3c4d5e6f' }),
});
