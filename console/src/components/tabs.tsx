import type { JSX } from 'preact';

/**
 * WAI-ARIA tabs: arrow keys move between tabs, Tab moves into the panel. The seed's slot editor has
 * three (General, Incoming Data, Destination).
 */
export function Tabs<T extends string>(props: {
  label: string;
  tabs: { id: T; label: string; invalid?: boolean }[];
  selected: T;
  onSelect: (id: T) => void;
}): JSX.Element {
  const move = (e: KeyboardEvent, index: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = props.tabs[(index + step + props.tabs.length) % props.tabs.length]!;
    props.onSelect(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div role="tablist" aria-label={props.label} class="tabs">
      {props.tabs.map((tab, i) => (
        <button
          key={tab.id}
          id={`tab-${tab.id}`}
          type="button"
          role="tab"
          aria-selected={tab.id === props.selected}
          aria-controls={`panel-${tab.id}`}
          tabIndex={tab.id === props.selected ? 0 : -1}
          class={tab.invalid ? 'invalid' : undefined}
          onClick={() => props.onSelect(tab.id)}
          onKeyDown={(e) => move(e, i)}
        >
          {tab.label}
          {tab.invalid ? <span class="sr-only"> (has errors)</span> : null}
        </button>
      ))}
    </div>
  );
}
