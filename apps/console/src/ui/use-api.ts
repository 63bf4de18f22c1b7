import { useCallback, useEffect, useState } from 'preact/hooks';

import { ApiError, call } from '../api';
import { useConsole } from './context';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
  reload(): void;
}

/** GETs `path` (none when null) and again whenever it changes. */
export function useApi<T>(path: string | null): Loaded<T> {
  const { session } = useConsole();
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!path) return;
    const abort = new AbortController();
    setLoading(true);
    call<T>(session, path, { signal: abort.signal }).then(
      (value) => {
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (reason: unknown) => {
        if (abort.signal.aborted) return;
        setError(asApiError(reason));
        setLoading(false);
      },
    );
    return () => abort.abort();
  }, [path, session, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

export function asApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason;
  return new ApiError(0, 'The service could not be reached.');
}
