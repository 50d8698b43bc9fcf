import { useEffect, useState } from 'react';
import type { AccountsDelta, AccountSummary } from '../../../contract/domain.ts';
import { bridgeError, tokenManager } from '../api.ts';
import { applyAccountsDelta } from '../lib/accounts-delta.ts';
import type { LiveValue } from './use-live-value.ts';

/**
 * The account list: loaded once, then kept current by applying main's change events (only the
 * accounts that changed). Events that arrive while the first load is in flight are applied to
 * its result once it is there.
 */
export function useAccounts(): LiveValue<AccountSummary[]> {
  const [state, setState] = useState<LiveValue<AccountSummary[]>>({
    value: undefined,
    error: undefined,
  });
  useEffect(() => {
    const api = tokenManager();
    let active = true;
    let loaded = false;
    const early: AccountsDelta[] = [];
    const unsubscribe = api.accounts.onChanged((delta) => {
      if (!active) return;
      if (!loaded && !delta.reset) {
        early.push(delta);
        return;
      }
      loaded = true;
      setState((current) => ({
        value: applyAccountsDelta(current.value, delta),
        error: undefined,
      }));
    });
    api.accounts.list().then(
      (result) => {
        if (!active || loaded) return;
        loaded = true;
        if (!result.ok) return setState({ value: undefined, error: result.error });
        setState({
          value: early.reduce<AccountSummary[]>(applyAccountsDelta, result.value),
          error: undefined,
        });
      },
      (err: unknown) => {
        if (active) setState({ value: undefined, error: bridgeError(err) });
      },
    );
    return () => {
      active = false;
      unsubscribe();
    };
  }, []);
  return state;
}
