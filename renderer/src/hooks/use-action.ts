import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ErrorInfo, Result } from '../../../contract/domain.ts';
import { bridgeError } from '../api.ts';

export interface Action<A extends unknown[], T> {
  run: (...args: A) => Promise<Result<T>>;
  pending: boolean;
  error: ErrorInfo | undefined;
  setError: (error: ErrorInfo | undefined) => void;
}

/**
 * Runs one call to main and keeps its pending state and error for the place that started it,
 * so every failure is shown where the action happened.
 */
export function useAction<A extends unknown[], T>(
  call: (...args: A) => Promise<Result<T>>,
): Action<A, T> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ErrorInfo | undefined>();
  const mounted = useRef(true);
  const latest = useRef(call);
  // Before any event can call `run`: it always uses the call of the last render.
  useLayoutEffect(() => {
    latest.current = call;
  });
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: A): Promise<Result<T>> => {
    setPending(true);
    setError(undefined);
    let result: Result<T>;
    try {
      result = await latest.current(...args);
    } catch (err) {
      result = { ok: false, error: bridgeError(err) };
    }
    if (mounted.current) {
      setPending(false);
      if (!result.ok) setError(result.error);
    }
    return result;
  }, []);

  return { run, pending, error, setError };
}
