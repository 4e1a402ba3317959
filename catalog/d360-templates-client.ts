/**
 * Reads every template of one 360dialog number: `GET {base}/v1/configs/templates` (the same path on
 * both flavours, reference/360dialog.md §1), page by page with `offset`/`limit` until `total` is
 * reached. One deadline covers all pages, redirects are never followed (the key must not travel to
 * another host), and the key never appears in a returned reason.
 */
import { parseChannelError } from '../activities/d360-error-body.js';
import { redactSecretValues } from '../lib/logger.js';
import { type CatalogTemplate, parseTemplate, templatesPageSchema } from './template-model.js';

export interface TemplatesSource {
  baseUrl: string;
  apiKey: string;
}

export interface FetchTemplatesOptions {
  fetch?: typeof fetch;
  /** Whole read, all pages together (default 10 s). */
  timeoutMs?: number;
  /** Templates asked for per page (default 250). */
  pageSize?: number;
  /** Stops a server whose `total` keeps growing (default 100 pages). */
  maxPages?: number;
}

export type TemplatesRead =
  | { ok: true; templates: CatalogTemplate[] }
  /** `reason` is safe to show: what failed, the HTTP status and 360dialog's words, never the key. */
  | { ok: false; reason: string; httpStatus: number | null };

export const DEFAULT_CATALOG_TIMEOUT_MS = 10_000;

export async function fetchTemplates(
  source: TemplatesSource,
  options: FetchTemplatesOptions = {},
): Promise<TemplatesRead> {
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_CATALOG_TIMEOUT_MS);
  const pageSize = options.pageSize ?? 250;
  const maxPages = options.maxPages ?? 100;
  const templates: CatalogTemplate[] = [];
  let offset = 0;
  for (let page = 0; page < maxPages; page++) {
    const read = await readPage(source, { offset, limit: pageSize, signal, fetch: options.fetch ?? fetch });
    if (!read.ok) return read;
    for (const item of read.items) {
      const parsed = parseTemplate(item);
      if (parsed) templates.push(parsed);
    }
    offset += read.items.length;
    // The server may cap `limit`: advance by what came back, stop at `total` or an empty page.
    if (read.items.length === 0 || read.total === undefined || offset >= read.total) {
      return { ok: true, templates };
    }
  }
  return { ok: false, reason: `the template list has more than ${maxPages} pages`, httpStatus: null };
}

type PageRead =
  { ok: true; items: unknown[]; total: number | undefined } | Extract<TemplatesRead, { ok: false }>;

async function readPage(
  source: TemplatesSource,
  page: { offset: number; limit: number; signal: AbortSignal; fetch: typeof fetch },
): Promise<PageRead> {
  const url = `${source.baseUrl}/v1/configs/templates?limit=${page.limit}&offset=${page.offset}`;
  const scrub = (text: string) => redactSecretValues(text, [source.apiKey]);
  let response: Response;
  try {
    response = await page.fetch(url, {
      headers: { 'D360-API-KEY': source.apiKey, Accept: 'application/json' },
      redirect: 'manual',
      signal: page.signal,
    });
  } catch (error) {
    return { ok: false, reason: scrub(unreachable(error)), httpStatus: null };
  }
  const text = await response.text().catch(() => '');
  if (response.status >= 300 && response.status < 400) {
    return {
      ok: false,
      reason: `360dialog answered with a redirect (HTTP ${response.status})`,
      httpStatus: response.status,
    };
  }
  if (!response.ok) {
    const detail = scrub(errorDetail(text) ?? response.statusText);
    return {
      ok: false,
      reason: `360dialog answered HTTP ${response.status}: ${detail}`,
      httpStatus: response.status,
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      ok: false,
      reason: '360dialog answered with something that is not JSON',
      httpStatus: response.status,
    };
  }
  const parsed = templatesPageSchema.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      reason: '360dialog answered without a waba_templates list',
      httpStatus: response.status,
    };
  }
  return { ok: true, items: parsed.data.waba_templates, total: parsed.data.total };
}

function unreachable(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return '360dialog did not answer in time';
  }
  const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
  const detail =
    cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return `360dialog could not be reached (${detail})`;
}

/** 360dialog's own words from an error body (any of its five shapes), cut to a readable length. */
function errorDetail(text: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.trim() === '' ? undefined : text.trim().slice(0, 200);
  }
  return parseChannelError(body)?.message.slice(0, 200);
}
