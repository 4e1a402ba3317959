import type { ComponentChildren, JSX } from 'preact';

/** Up, down and remove buttons of one ordered row; each names its row for screen readers. */
export function RowActions(props: {
  index: number;
  count: number;
  what: string;
  readOnly: boolean;
  onMove: (step: -1 | 1) => void;
  onRemove: () => void;
}): JSX.Element | null {
  if (props.readOnly) return null;
  const n = props.index + 1;
  return (
    <span class="row-actions">
      <button
        type="button"
        aria-label={`Move ${props.what} ${n} up`}
        disabled={props.index === 0}
        onClick={() => props.onMove(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        aria-label={`Move ${props.what} ${n} down`}
        disabled={props.index === props.count - 1}
        onClick={() => props.onMove(1)}
      >
        ↓
      </button>
      <button type="button" aria-label={`Remove ${props.what} ${n}`} onClick={props.onRemove}>
        ✕
      </button>
    </span>
  );
}

export function OrderedList({
  label,
  children,
}: {
  label: string;
  children: ComponentChildren;
}): JSX.Element {
  return (
    <ol class="rows" aria-label={label}>
      {children}
    </ol>
  );
}
