import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError } from './client.js';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  reload: () => Promise<void>;
}

/** GETs `path` (again when it changes, and every `pollMs` if given: the monitor's live updates). */
export function useGet<T>(path: string | null, pollMs?: number): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const reload = useCallback(async () => {
    if (path === null) return;
    try {
      setData(await api<T>('GET', path));
      setError(undefined);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [path]);
  useEffect(() => {
    setData(undefined);
    void reload();
    if (!pollMs) return undefined;
    const timer = setInterval(() => void reload(), pollMs);
    return () => clearInterval(timer);
  }, [reload, pollMs]);
  return { data, error, reload };
}
