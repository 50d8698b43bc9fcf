import type { ProviderAdapter } from './provider-adapter.ts';

/** Runs one adapter operation inside a guard (the client secret's send rule). */
export type Guard = <T>(operation: () => Promise<T>) => Promise<T>;

/**
 * The same adapter with every operation that can reach the network run inside `guard`,
 * including the device flow's later polling, so no call path can skip it.
 */
export function guardAdapter(adapter: ProviderAdapter, guard: Guard): ProviderAdapter {
  const guarded: ProviderAdapter = {
    capabilities: () => adapter.capabilities(),
    refreshAvailability: (account) => adapter.refreshAvailability(account),
    buildAuthorizationUrl: (request) => guard(() => adapter.buildAuthorizationUrl(request)),
    completeAuthorization: (delivered, pending) =>
      guard(() => adapter.completeAuthorization(delivered, pending)),
    startDeviceAuthorization: async () => {
      const start = await guard(() => adapter.startDeviceAuthorization());
      return { ...start, poll: (signal) => guard(() => start.poll(signal)) };
    },
    signInDirect: (request) => guard(() => adapter.signInDirect(request)),
    refresh: (tokens, account) => guard(() => adapter.refresh(tokens, account)),
    revokeToken: (tokens) => guard(() => adapter.revokeToken(tokens)),
    inspect: (tokens, account) => guard(() => adapter.inspect(tokens, account)),
  };
  if (adapter.signInTimeoutMessage) {
    const message = adapter.signInTimeoutMessage.bind(adapter);
    guarded.signInTimeoutMessage = () => message();
  }
  if (adapter.refreshNarrowed) {
    const narrow = adapter.refreshNarrowed.bind(adapter);
    guarded.refreshNarrowed = (tokens, narrowing) => guard(() => narrow(tokens, narrowing));
  }
  if (adapter.dpopProof) {
    const prove = adapter.dpopProof.bind(adapter);
    guarded.dpopProof = (tokens, accessToken, method, url) =>
      guard(() => prove(tokens, accessToken, method, url));
  }
  if (adapter.checkIdTokenSignature) {
    const check = adapter.checkIdTokenSignature.bind(adapter);
    guarded.checkIdTokenSignature = (idToken) => guard(() => check(idToken));
  }
  return guarded;
}
