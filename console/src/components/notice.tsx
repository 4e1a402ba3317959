import type { ComponentChildren, JSX } from 'preact';

/** A status line screen readers announce: results of actions (saved, trained, registered, errors). */
export function Notice({
  kind,
  children,
}: {
  kind: 'ok' | 'error' | 'info';
  children: ComponentChildren;
}): JSX.Element {
  return (
    <p class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

export function Loading({ error }: { error?: string | undefined }): JSX.Element {
  return error ? <Notice kind="error">{error}</Notice> : <p class="muted">Loading…</p>;
}
