import type { JSX } from 'preact';
import { useGet } from '../api/hooks.js';
import type { Outcomes } from '../api/types.js';
import { POLL_MS } from './format.js';

const SERIES = [
  { key: 'success', label: 'success', color: '#1a7f37' },
  { key: 'no_account', label: 'no account', color: '#9a6700' },
  { key: 'fail', label: 'fail', color: '#cf222e' },
  { key: 'waiting', label: 'waiting', color: '#8c959f' },
] as const;

const W = 600;
const H = 160;

/** Stacked bars per hour of the last 24 hours: a small inline SVG, no chart library, no CDN. */
export function OutcomeChart({ slotId }: { slotId: string }): JSX.Element | null {
  const data = useGet<Outcomes>(
    `/admin/slots/${encodeURIComponent(slotId)}/outcomes?bucket=hour`,
    POLL_MS * 5,
  );
  if (!data.data) return null;
  const from = Date.parse(data.data.from);
  const to = Date.parse(data.data.to);
  const hours = Math.max(1, Math.ceil((to - from) / 3_600_000));
  const barW = W / hours;
  const max = Math.max(1, ...data.data.buckets.map((b) => b.success + b.no_account + b.fail + b.waiting));
  const totals = SERIES.map((s) => data.data!.buckets.reduce((n, b) => n + b[s.key], 0));
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Outcomes of slot ${slotId} per hour, last 24 hours`}
      >
        <line x1="0" y1={H - 0.5} x2={W} y2={H - 0.5} stroke="#d0d7de" />
        {data.data.buckets.map((b) => {
          const x = Math.floor((Date.parse(b.start) - from) / 3_600_000) * barW;
          let y = H;
          return SERIES.map((s) => {
            const h = (b[s.key] / max) * (H - 10);
            y -= h;
            return h > 0 ? (
              <rect
                key={`${b.start}-${s.key}`}
                x={Math.max(0, x) + 1}
                y={y}
                width={barW - 2}
                height={h}
                fill={s.color}
              />
            ) : null;
          });
        })}
      </svg>
      <figcaption>
        Last 24 hours of slot {slotId}:{' '}
        {SERIES.map((s, i) => (
          <span key={s.key} class="legend">
            <span class="swatch" style={{ background: s.color }} aria-hidden="true" /> {s.label} {totals[i]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
