/**
 * The console's types are the service's own zod schemas (type-only imports: nothing of the server
 * is bundled), so a field renamed in `api/admin/schemas` breaks the console's typecheck, not its users.
 */
import type { z } from 'zod';
import type { AgentSchema, TrainingFailedSchema, TrainingSchema } from '../../../api/admin/schemas/agent.js';
import type { ChannelCreatedSchema, ChannelSchema } from '../../../api/admin/schemas/channel.js';
import type { CompanySchema } from '../../../api/admin/schemas/company.js';
import type { ErrorSchema } from '../../../api/admin/schemas/common.js';
import type { SlotSchema, SlotSettingsSchema } from '../../../api/admin/schemas/slot.js';
import type { OutcomesSchema, TaskPageSchema, TaskSchema } from '../../../api/admin/schemas/task.js';
import type { TokenCreatedSchema, TokenSchema } from '../../../api/admin/schemas/token.js';
import type { PreviewRequestSchema, PreviewSchema } from '../../../api/admin/slots/preview-route.js';
import type {
  ChannelTemplatesSchema,
  FieldWarningSchema,
  SaveTemplateCheckSchema,
} from '../../../api/admin/templates/schemas.js';

export type Company = z.output<typeof CompanySchema>;
export type Channel = z.output<typeof ChannelSchema>;
export type ChannelCreated = z.output<typeof ChannelCreatedSchema>;
export type Agent = z.output<typeof AgentSchema>;
export type Training = z.output<typeof TrainingSchema>;
export type TrainingFailed = z.output<typeof TrainingFailedSchema>;
export type Slot = z.output<typeof SlotSchema>;
/** What the slot editor sends on CREATE (with an optional id) and SAVE. */
export type SlotSettings = z.input<typeof SlotSettingsSchema>;
export type TemplateParameter = NonNullable<SlotSettings['destination']['template_parameters']>[number];
export type ParseRule = NonNullable<SlotSettings['parse_request_body']>[number];
export type ApiErrorBody = z.output<typeof ErrorSchema>;
export type FieldError = NonNullable<ApiErrorBody['errors']>[number];
export type Task = z.output<typeof TaskSchema>;
export type TaskPage = z.output<typeof TaskPageSchema>;
export type Outcomes = z.output<typeof OutcomesSchema>;
export type CompanyToken = z.output<typeof TokenSchema>;
export type CompanyTokenCreated = z.output<typeof TokenCreatedSchema>;
export type ChannelTemplates = z.output<typeof ChannelTemplatesSchema>;
export type CatalogTemplate = ChannelTemplates['templates'][number];
export type FieldWarning = z.output<typeof FieldWarningSchema>;
/** What a slot save answers besides the slot: the template check, all warnings (issue 10). */
export type SaveTemplateCheck = z.output<typeof SaveTemplateCheckSchema>;
export type PreviewRequest = z.input<typeof PreviewRequestSchema>;
export type Preview = z.output<typeof PreviewSchema>;

/** `GET /console/session` (api/console/session.ts). */
export interface Me {
  kind: 'admin' | 'company';
  company_id: number | null;
  role: 'editor' | 'viewer' | null;
}
