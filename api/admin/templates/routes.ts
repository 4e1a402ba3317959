import { createRoute } from '@hono/zod-openapi';
import { errors, json, security } from '../openapi.js';
import { ChannelParams, ErrorSchema } from '../schemas/common.js';
import { ChannelTemplatesSchema } from './schemas.js';

const tags = ['Templates'];
const unreadable = json(
  ErrorSchema,
  '360dialog could not give the list (unreachable, key rejected, 5xx); `status` says which. The stored copy is unchanged',
);

export const listTemplates = createRoute({
  method: 'get',
  path: '/channels/{channelId}/templates',
  tags,
  security,
  summary: 'List a channel’s WhatsApp templates (stored copy; read from 360dialog when none)',
  description:
    'Every template of the channel’s number with its status, category, namespace and components, each with the ' +
    'number of values a send must give, plus the `template_parameters` rows a slot needs for it. Answers from the ' +
    'stored copy (`fetched_at` says how old it is); `POST …/templates/refresh` reads 360dialog again.',
  request: { params: ChannelParams },
  responses: {
    200: json(ChannelTemplatesSchema, 'The templates'),
    401: errors[401],
    404: errors[404],
    502: unreadable,
  },
});

export const refreshTemplates = createRoute({
  method: 'post',
  path: '/channels/{channelId}/templates/refresh',
  tags,
  security,
  summary: 'Read the channel’s templates from 360dialog now and store them',
  description:
    'Reads `GET {base_url}/v1/configs/templates` page by page (both flavours) with the channel’s key and replaces ' +
    'the stored copy. Use it after a template was approved or changed in the 360dialog Hub.',
  request: { params: ChannelParams },
  responses: {
    200: json(ChannelTemplatesSchema, 'The templates, read just now'),
    401: errors[401],
    404: errors[404],
    502: unreadable,
  },
});
