/** Short local date-time for tables; empty for null. */
export function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : '';
}

/** `datetime-local` input value (local time) → ISO string for the API, or undefined. */
export function localToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The monitor refreshes this often; the API reads are keyset pages on an index, so it is cheap. */
export const POLL_MS = 2_000;
