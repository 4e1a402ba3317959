import { createRoute, z } from '@hono/zod-openapi';
import { body, errors, json, security } from '../openapi.js';
import { CompanyParams } from '../schemas/common.js';
import { CompanyCreateSchema, CompanyPatchSchema, CompanySchema } from '../schemas/company.js';

const tags = ['Companies'];

export const createCompany = createRoute({
  method: 'post',
  path: '/companies',
  tags,
  security,
  summary: 'Create a company (tenant)',
  request: { body: body(CompanyCreateSchema) },
  responses: {
    201: json(CompanySchema, 'Created'),
    400: errors[400],
    401: errors[401],
    403: errors[403],
    409: errors[409],
  },
});

export const listCompanies = createRoute({
  method: 'get',
  path: '/companies',
  tags,
  security,
  summary: 'List companies',
  responses: {
    200: json(z.object({ companies: z.array(CompanySchema) }), 'Companies by id'),
    401: errors[401],
  },
});

export const getCompany = createRoute({
  method: 'get',
  path: '/companies/{companyId}',
  tags,
  security,
  summary: 'Read a company',
  request: { params: CompanyParams },
  responses: {
    200: json(CompanySchema, 'The company'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});

export const updateCompany = createRoute({
  method: 'patch',
  path: '/companies/{companyId}',
  tags,
  security,
  summary: 'Change a company’s rate limit',
  request: { params: CompanyParams, body: body(CompanyPatchSchema) },
  responses: { 200: json(CompanySchema, 'Updated'), 400: errors[400], 401: errors[401], 404: errors[404] },
});
