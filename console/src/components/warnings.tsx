import type { JSX } from 'preact';

/**
 * The template check's warnings (issue 10) after a save or a training: they never block that action,
 * but say what may not send as meant. `blocks_training` (save answers only) marks what the next
 * training will refuse.
 */
export function TemplateWarnings(props: {
  title: string;
  warnings: { field: string; message: string; blocks_training?: boolean }[];
}): JSX.Element | null {
  if (props.warnings.length === 0) return null;
  return (
    <div class="notice warn" role="status">
      <p>{props.title}</p>
      <ul class="findings warnings">
        {props.warnings.map((w) => (
          <li key={`${w.field}:${w.message}`}>
            {w.blocks_training ? <strong>Training will refuse this: </strong> : null}
            {w.message} <span class="muted">({w.field})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
