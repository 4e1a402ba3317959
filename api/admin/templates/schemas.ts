import { z } from '@hono/zod-openapi';
import { Timestamp } from '../schemas/common.js';

/** The template catalog's HTTP shapes (issue 10): template lists, check results, previews. */

export const FieldWarningSchema = z
  .object({
    field: z.string().meta({ example: 'slots.order-shipped.destination.template_name' }),
    message: z.string().meta({
      example:
        'The template could not be checked: its name is an expression, known only when a request arrives (Template name)',
    }),
  })
  .openapi('FieldWarning');

export const TrainingWarningsSchema = z.array(FieldWarningSchema).meta({
  description:
    'What the template check found that does not refuse the training: a name or language that is an expression, ' +
    'a template list 360dialog could not give (then the stored copy and its age are used), …',
});

const ButtonSchema = z
  .object({
    type: z.string().meta({ example: 'URL', description: 'URL, PHONE_NUMBER, QUICK_REPLY, COPY_CODE, …' }),
    text: z.string().meta({ example: 'Track shipment' }),
    url: z.string().optional().meta({ example: 'https://shop.example.com/track/{{1}}' }),
    phone_number: z.string().optional(),
    parameters: z.number().meta({ description: 'Values a send must give for this button (0 or 1)' }),
  })
  .openapi('TemplateButton');

const ComponentSchema = z
  .object({
    type: z.string().meta({ example: 'BODY', description: 'HEADER, BODY, FOOTER, BUTTONS' }),
    format: z
      .string()
      .optional()
      .meta({ example: 'IMAGE', description: 'HEADER only: TEXT, IMAGE, DOCUMENT, VIDEO, LOCATION' }),
    text: z.string().optional().meta({ example: 'Hi {{1}}, your order {{2}} is on its way.' }),
    parameters: z.number().meta({ description: 'Variables a send must fill in this component', example: 2 }),
    buttons: z.array(ButtonSchema).optional(),
  })
  .openapi('TemplateComponent');

const SlotParameterSchema = z
  .object({
    type: z.enum(['image', 'document', 'video', 'body', 'button_url']),
    fills: z.string().meta({ example: 'body {{1}}' }),
  })
  .openapi('TemplateSlotParameter');

export const TemplateSchema = z
  .object({
    name: z.string().meta({ example: 'order_shipped' }),
    language: z.string().meta({ example: 'en' }),
    status: z.string().meta({ example: 'approved', description: 'Only approved templates can be sent' }),
    category: z.string().meta({ example: 'UTILITY' }),
    namespace: z.string().nullable().meta({ description: 'Needed by On-Premise (`360dialog`) channels' }),
    components: z.array(ComponentSchema),
    slot_parameters: z.array(SlotParameterSchema).meta({
      description: 'The template_parameters rows a slot needs for this template, in order',
    }),
    slot_compatible: z.boolean().meta({
      description:
        'false when no slot can fill it (a text-header variable, a location header, a copy-code button)',
    }),
  })
  .openapi('Template');

export const ChannelTemplatesSchema = z
  .object({
    channel_id: z.string(),
    kind: z.enum(['360dialog', '360dialog-cloud']),
    fetched_at: Timestamp.meta({ description: 'When the list was read from 360dialog' }),
    source: z.enum(['live', 'cache']).meta({
      description: '`live`: read from 360dialog by this request; `cache`: the stored copy',
    }),
    templates: z.array(TemplateSchema),
  })
  .openapi('ChannelTemplates');

export const CatalogStateSchema = z
  .object({
    state: z.enum(['live', 'cache', 'unavailable']),
    fetched_at: Timestamp.nullable(),
    failure: z
      .string()
      .nullable()
      .meta({ description: 'Why 360dialog could not be read, when it could not' }),
  })
  .openapi('CatalogState');

export const SaveTemplateCheckSchema = z
  .object({
    warnings: z.array(
      FieldWarningSchema.extend({
        blocks_training: z.boolean().meta({ description: 'The next training will refuse the slot for this' }),
      }),
    ),
    catalog: CatalogStateSchema,
  })
  .meta({
    description:
      'The slot against its channel’s approved templates. A save never fails for these; the ones with ' +
      '`blocks_training` make the next training refuse the slot.',
  })
  .openapi('SaveTemplateCheck');
