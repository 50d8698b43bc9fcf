import type { ProviderAdapter } from './provider-adapter.ts';

/** Runs one adapter operation inside a guard (the client secret's send rule). */
export type Guard = <T>(operation: () => Promise<T>) => Promise<T>;

type Part<K extends keyof ProviderAdapter> = NonNullable<ProviderAdapter[K]>;

/** A part that never reaches the network: passed through as it is. */
const local = <T>(part: T): T => part;

/**
 * How each part of an adapter runs under the guard. The type lists every key of
 * {@link ProviderAdapter}, optional ones included: a part added to the interface and not
 * classified here (guarded or local) fails the type check, so none can be dropped silently.
 */
const PARTS: { [K in keyof ProviderAdapter]-?: (part: Part<K>, guard: Guard) => Part<K> } = {
  capabilities: local,
  refreshAvailability: local,
  signInTimeoutMessage: local,
  refresh: (refresh, guard) => (tokens, account) => guard(() => refresh(tokens, account)),
  browserSignIn: (browser, guard) => ({
    authorizationUrl: (request) => guard(() => browser.authorizationUrl(request)),
    complete: (delivered, pending) => guard(() => browser.complete(delivered, pending)),
  }),
  // The device flow's later polling runs inside the guard too.
  deviceSignIn: (start, guard) => async () => {
    const started = await guard(() => start());
    return { ...started, poll: (signal) => guard(() => started.poll(signal)) };
  },
  directSignIn: (signIn, guard) => (request) => guard(() => signIn(request)),
  revoke: (revoke, guard) => (tokens) => guard(() => revoke(tokens)),
  inspect: (inspect, guard) => (tokens, account) => guard(() => inspect(tokens, account)),
  refreshNarrowed: (narrow, guard) => (tokens, narrowing) => guard(() => narrow(tokens, narrowing)),
  checkIdTokenSignature: (check, guard) => (idToken) => guard(() => check(idToken)),
  // Building a proof can need the provider's configuration (discovery): guarded.
  dpopProof: (prove, guard) => (tokens, accessToken, method, url) =>
    guard(() => prove(tokens, accessToken, method, url)),
};

/** The parts of an adapter that run as they are (they reach no network). */
export const LOCAL_PARTS: readonly (keyof ProviderAdapter)[] = (
  Object.keys(PARTS) as (keyof ProviderAdapter)[]
).filter((key) => PARTS[key] === local);

/**
 * The same adapter with every part that can reach the network run inside `guard`, so no call
 * path can skip it. Parts the adapter lacks stay absent.
 */
export function guardAdapter(adapter: ProviderAdapter, guard: Guard): ProviderAdapter {
  const guarded: Partial<Record<keyof ProviderAdapter, unknown>> = {};
  for (const key of Object.keys(PARTS) as (keyof ProviderAdapter)[]) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- bound to the adapter below
    const part: unknown = adapter[key];
    if (part === undefined) continue;
    const own = typeof part === 'function' ? (part as () => unknown).bind(adapter) : part;
    guarded[key] = (PARTS[key] as (part: unknown, guard: Guard) => unknown)(own, guard);
  }
  return guarded as ProviderAdapter;
}
