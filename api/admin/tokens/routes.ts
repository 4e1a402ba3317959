import { createRoute, z } from '@hono/zod-openapi';
import { body, errors, json, security } from '../openapi.js';
import { CompanyParams } from '../schemas/common.js';
import { TokenCreatedSchema, TokenCreateSchema, TokenParams, TokenSchema } from '../schemas/token.js';

const tags = ['Company tokens'];

export const createToken = createRoute({
  method: 'post',
  path: '/companies/{companyId}/tokens',
  tags,
  security,
  summary: 'Issue a token that sees only this company (admin only)',
  description: 'The token is in this response only; the service keeps its SHA-256 hash.',
  request: { params: CompanyParams, body: body(TokenCreateSchema) },
  responses: {
    201: json(TokenCreatedSchema, 'Issued'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
});

export const listTokens = createRoute({
  method: 'get',
  path: '/companies/{companyId}/tokens',
  tags,
  security,
  summary: 'List a company’s tokens, revoked ones included (admin only)',
  request: { params: CompanyParams },
  responses: {
    200: json(z.object({ tokens: z.array(TokenSchema) }), 'Tokens, oldest first'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
});

export const revokeToken = createRoute({
  method: 'delete',
  path: '/companies/{companyId}/tokens/{tokenId}',
  tags,
  security,
  summary: 'Revoke a company token at once, with the console sessions it opened (admin only)',
  request: { params: TokenParams },
  responses: {
    204: { description: 'Revoked' },
    400: errors[400],
    401: errors[401],
    403: errors[403],
    404: errors[404],
  },
});
