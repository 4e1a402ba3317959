import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import type { FieldError, Preview, SlotSettings } from '../api/types.js';
import { Notice } from '../components/notice.js';
import type { SlotForm } from './form.js';

type Result =
  { kind: 'preview'; preview: Preview } | { kind: 'refused'; message: string; errors: FieldError[] };

/**
 * The preview (issue 10): a sample mailing-request body through the slot as edited here (unsaved
 * edits included, sent as draft `settings`), answered with the chat context, the exact 360dialog
 * payload and the template check, or the build error with its place. The service sends and stores
 * nothing for it.
 */
export function PreviewPanel(props: {
  slotId: string | undefined;
  form: SlotForm;
  settings: () => SlotSettings;
}) {
  const id = useId();
  const [sample, setSample] = useState(() => sampleRequest(props.form));
  const [result, setResult] = useState<Result | undefined>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    let request: unknown;
    try {
      request = JSON.parse(sample);
    } catch (e) {
      setResult({
        kind: 'refused',
        message: `The sample body is not valid JSON: ${(e as Error).message}`,
        errors: [],
      });
      return;
    }
    setBusy(true);
    try {
      const preview = await api<Preview>('POST', `/admin/slots/${props.slotId}/preview`, {
        request,
        settings: props.settings(),
      });
      setResult({ kind: 'preview', preview });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setResult({ kind: 'refused', message: err.message, errors: err.body.errors ?? [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="preview" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Preview</h2>
      <p class="hint">
        Runs a task’s build step on a sample mailing request with the settings as edited here, unsaved edits
        included. Nothing is sent to 360dialog and nothing is stored.
      </p>
      {props.slotId === undefined ? (
        <p class="muted">Create the slot first: the preview belongs to a saved slot.</p>
      ) : (
        <>
          <div class="field">
            <label for={`${id}-sample`}>Sample request body (JSON)</label>
            <textarea
              id={`${id}-sample`}
              rows={6}
              spellcheck={false}
              value={sample}
              onInput={(e) => setSample(e.currentTarget.value)}
            />
          </div>
          <button type="button" disabled={busy} onClick={() => void run()}>
            Run preview
          </button>
          {result ? <PreviewResult result={result} /> : null}
        </>
      )}
    </section>
  );
}

function PreviewResult({ result }: { result: Result }): JSX.Element {
  if (result.kind === 'refused') {
    return (
      <div class="preview-result" aria-live="polite">
        <Notice kind="error">Preview refused: {result.message}</Notice>
        <FindingList title="Fix these first" items={result.errors} kind="errors" />
      </div>
    );
  }
  const { preview } = result;
  const check = preview.template_check;
  return (
    <div class="preview-result" aria-live="polite">
      <h3>Chat context written by the Incoming Data rules</h3>
      <pre class="context">{json(preview.context_updates)}</pre>
      {preview.build.ok ? (
        <>
          <h3>
            360dialog request: {preview.build.method} <code>{preview.build.url}</code>
          </h3>
          <pre class="payload">{json(preview.build.payload)}</pre>
        </>
      ) : (
        <Notice kind="error">
          The message cannot be built, so a task would fail: {preview.build.error.message}
          {placeOf(preview.build.error)}
        </Notice>
      )}
      <h3>Template check</h3>
      {check.errors.length + check.warnings.length === 0 ? (
        <p class="ok-text">The template check found nothing.</p>
      ) : null}
      <FindingList title="Errors (training refuses the slot)" items={check.errors} kind="errors" />
      <FindingList title="Warnings" items={check.warnings} kind="warnings" />
      {check.catalog.state === 'unavailable' ? (
        <p class="muted">
          The channel’s templates could not be read: {check.catalog.failure ?? 'unknown reason'}
        </p>
      ) : null}
    </div>
  );
}

function FindingList(props: { title: string; items: FieldError[]; kind: 'errors' | 'warnings' }) {
  if (props.items.length === 0) return null;
  return (
    <>
      <h4>{props.title}</h4>
      <ul class={`findings ${props.kind}`}>
        {props.items.map((f) => (
          <li key={`${f.field}:${f.message}`}>
            {f.message} <span class="muted">({f.field})</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Where a build error is: the slot field and, for an expression, its line and column. */
function placeOf(error: { field: string | null; line: number | null; column: number | null }): string {
  const parts: string[] = [];
  if (error.field) parts.push(`field ${error.field}`);
  if (error.line !== null) parts.push(`line ${error.line}, column ${error.column ?? '?'}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** A first sample: a phone number and each plain request key the Incoming Data rules read. */
export function sampleRequest(form: SlotForm): string {
  const body: Record<string, unknown> = { phone_number: '79291642944' };
  for (const rule of form.parse_request_body) {
    const key = rule.request_key.trim();
    if (key !== '' && !key.includes('{{') && !key.includes('{%')) body[key] = `sample ${key}`;
  }
  return json(body);
}
