/**
 * A channel's WhatsApp templates as `GET /v1/configs/templates` lists them (both 360dialog flavours,
 * reference/360dialog.md §1), read leniently: 360dialog passes Meta's objects through and adds
 * fields over time, so unknown fields are dropped and unknown component or button types are kept
 * by name rather than refused. Status is lower-cased (360dialog writes `approved`, Meta `APPROVED`).
 */
import { z } from 'zod';

/** `TEXT`, `IMAGE`, `DOCUMENT`, `VIDEO`, `LOCATION` (upper case), or whatever Meta adds next. */
export type HeaderFormat = string;

export interface TemplateButton {
  /** `URL`, `PHONE_NUMBER`, `QUICK_REPLY`, `COPY_CODE`, `FLOW`, … as Meta names them. */
  type: string;
  text: string;
  url?: string;
  phone_number?: string;
}

export type TemplateComponent =
  | { type: 'HEADER'; format: HeaderFormat; text?: string }
  | { type: 'BODY'; text: string }
  | { type: 'FOOTER'; text: string }
  | { type: 'BUTTONS'; buttons: TemplateButton[] }
  | { type: string; text?: string };

export interface CatalogTemplate {
  name: string;
  language: string;
  /** Lower case: `approved`, `pending`, `rejected`, `paused`, `disabled`, … */
  status: string;
  category: string;
  /** On-Premise sends must carry it; Cloud items may omit it. */
  namespace: string | null;
  components: TemplateComponent[];
}

const text = z.string().catch('');
const button = z
  .object({
    type: z.string().transform((t) => t.toUpperCase()),
    text: text.optional().transform((t) => t ?? ''),
    url: z.string().optional(),
    phone_number: z.string().optional(),
  })
  .transform((b): TemplateButton => {
    const out: TemplateButton = { type: b.type, text: b.text };
    if (b.url !== undefined) out.url = b.url;
    if (b.phone_number !== undefined) out.phone_number = b.phone_number;
    return out;
  });

const component = z
  .object({
    type: z.string().transform((t) => t.toUpperCase()),
    format: z.string().optional(),
    text: z.string().optional(),
    buttons: z.array(button).optional(),
  })
  .transform((c): TemplateComponent => {
    if (c.type === 'HEADER') {
      const format = (c.format ?? 'TEXT').toUpperCase();
      return c.text === undefined ? { type: 'HEADER', format } : { type: 'HEADER', format, text: c.text };
    }
    if (c.type === 'BODY' || c.type === 'FOOTER') return { type: c.type, text: c.text ?? '' };
    if (c.type === 'BUTTONS') return { type: 'BUTTONS', buttons: c.buttons ?? [] };
    return c.text === undefined ? { type: c.type } : { type: c.type, text: c.text };
  });

const template = z
  .object({
    name: z.string().min(1),
    language: z.string().min(1),
    status: z.string().transform((s) => s.toLowerCase()),
    category: z.string().catch('').optional(),
    namespace: z.string().nullable().optional(),
    components: z.array(component).catch([]).optional(),
  })
  .transform((t): CatalogTemplate => ({
    name: t.name,
    language: t.language,
    status: t.status,
    category: (t.category ?? '').toUpperCase(),
    namespace: t.namespace ?? null,
    components: t.components ?? [],
  }));

/** One page of the list. Items that are not templates at all are skipped, not fatal. */
export const templatesPageSchema = z.object({
  count: z.number().int().min(0).optional(),
  total: z.number().int().min(0).optional(),
  offset: z.number().int().min(0).optional(),
  waba_templates: z.array(z.unknown()),
});

export function parseTemplate(value: unknown): CatalogTemplate | undefined {
  const parsed = template.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Placeholders `{{1}}` (and Cloud's named `{{first_name}}`), each counted once: Meta's "expected number of params". */
export function variablesOf(text: string | undefined): string[] {
  if (text === undefined) return [];
  return [...new Set([...text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1] ?? ''))];
}

export function headerOf(t: CatalogTemplate): { format: string; text?: string } | undefined {
  const header = t.components.find((c) => c.type === 'HEADER');
  return header as { format: string; text?: string } | undefined;
}

export function bodyTextOf(t: CatalogTemplate): string | undefined {
  const body = t.components.find((c) => c.type === 'BODY') as { text?: string } | undefined;
  return body?.text;
}

export function buttonsOf(t: CatalogTemplate): TemplateButton[] {
  const buttons = t.components.find((c) => c.type === 'BUTTONS') as
    { buttons?: TemplateButton[] } | undefined;
  return buttons?.buttons ?? [];
}

/** Only a URL button whose URL ends in a variable takes a send-time parameter (its suffix). */
export function isDynamicUrl(button: TemplateButton): boolean {
  return button.type === 'URL' && variablesOf(button.url).length > 0;
}

export const MEDIA_FORMATS = new Set(['IMAGE', 'DOCUMENT', 'VIDEO']);
