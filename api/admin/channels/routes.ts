import { createRoute, z } from '@hono/zod-openapi';
import { body, errors, json, security } from '../openapi.js';
import { ChannelParams, CompanyParams, ErrorSchema } from '../schemas/common.js';
import {
  CallbacksRegisteredSchema,
  ChannelCreatedSchema,
  ChannelCreateSchema,
  ChannelPatchSchema,
  ChannelSchema,
} from '../schemas/channel.js';

const tags = ['Channels'];

export const createChannel = createRoute({
  method: 'post',
  path: '/companies/{companyId}/channels',
  tags,
  security,
  summary: 'Connect a company to 360dialog',
  description:
    'The API key and callback secret are write-only. A callback secret generated here is returned once, in this response.',
  request: { params: CompanyParams, body: body(ChannelCreateSchema) },
  responses: {
    201: json(ChannelCreatedSchema, 'Created'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
    409: errors[409],
  },
});

export const listChannels = createRoute({
  method: 'get',
  path: '/companies/{companyId}/channels',
  tags,
  security,
  summary: 'List a company’s channels',
  request: { params: CompanyParams },
  responses: {
    200: json(z.object({ channels: z.array(ChannelSchema) }), 'Channels by id'),
    400: errors[400],
    401: errors[401],
    404: errors[404],
  },
});

export const getChannel = createRoute({
  method: 'get',
  path: '/channels/{channelId}',
  tags,
  security,
  summary: 'Read a channel (never its key or secret)',
  request: { params: ChannelParams },
  responses: { 200: json(ChannelSchema, 'The channel'), 401: errors[401], 404: errors[404] },
});

export const updateChannel = createRoute({
  method: 'patch',
  path: '/channels/{channelId}',
  tags,
  security,
  summary: 'Change, activate or deactivate a channel, or rotate its API key',
  description:
    'Deactivation takes effect at once: mailing requests get "There is no active channel for received event".',
  request: { params: ChannelParams, body: body(ChannelPatchSchema) },
  responses: { 200: json(ChannelSchema, 'Updated'), 400: errors[400], 401: errors[401], 404: errors[404] },
});

export const deleteChannel = createRoute({
  method: 'delete',
  path: '/channels/{channelId}',
  tags,
  security,
  summary: 'Delete a channel and its secrets',
  responses: { 204: { description: 'Deleted' }, 401: errors[401], 404: errors[404] },
  request: { params: ChannelParams },
});

export const registerChannelCallbacks = createRoute({
  method: 'post',
  path: '/channels/{channelId}/register-callbacks',
  tags,
  security,
  summary: 'Register the service’s callback URL and secret header with 360dialog',
  description: 'Calls `POST {base_url}/v1/configs/webhook {url, headers}` with the channel’s API key.',
  request: { params: ChannelParams },
  responses: {
    200: json(CallbacksRegisteredSchema, 'Registered'),
    401: errors[401],
    404: errors[404],
    502: json(ErrorSchema, '360dialog refused the registration or could not be reached'),
  },
});
