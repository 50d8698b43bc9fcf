import { useEffect, useState } from 'react';
import type { ErrorInfo, Result } from '../../../contract/domain.ts';
import { bridgeError } from '../api.ts';

export interface LiveValue<T> {
  value: T | undefined;
  error: ErrorInfo | undefined;
}

/**
 * Loads a value once and keeps it current from main's change events. An event that arrives
 * while the first load is in flight wins over the (older) load result.
 */
export function useLiveValue<T>(
  load: () => Promise<Result<T>>,
  subscribe: (listener: (value: T) => void) => () => void,
): LiveValue<T> {
  const [state, setState] = useState<LiveValue<T>>({ value: undefined, error: undefined });
  useEffect(() => {
    let active = true;
    let fromEvent = false;
    const unsubscribe = subscribe((value) => {
      fromEvent = true;
      if (active) setState({ value, error: undefined });
    });
    load().then(
      (result) => {
        if (!active || fromEvent) return;
        setState(
          result.ok
            ? { value: result.value, error: undefined }
            : { value: undefined, error: result.error },
        );
      },
      (err: unknown) => {
        if (active) setState({ value: undefined, error: bridgeError(err) });
      },
    );
    return () => {
      active = false;
      unsubscribe();
    };
    // Callers pass inline functions over the window API, the same for the window's lifetime:
    // load and subscribe once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return state;
}
