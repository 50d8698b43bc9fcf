import { AsyncLocalStorage } from 'node:async_hooks';
import { NetworkRouter } from './dispatcher.ts';
import { SYSTEM_NETWORK, type NetworkProfile } from './network-profile.ts';

/** The router and the provider's network profile a request is sent with. */
export interface RequestNetwork {
  router: NetworkRouter;
  profile: NetworkProfile;
}

const scope = new AsyncLocalStorage<RequestNetwork>();
let fallback: RequestNetwork | undefined;

/**
 * Runs `operation` so that the requests it makes use `network` (the provider's proxy, trust
 * and client certificate), however deep they are made: named-provider clients and the JWKS
 * download reach `limitedFetch` without a provider in hand.
 */
export function withNetwork<T>(network: RequestNetwork, operation: () => T): T {
  return scope.run(network, operation);
}

/** The network of the current operation; outside any, the OS settings with no extras. */
export function currentNetwork(): RequestNetwork {
  const current = scope.getStore();
  if (current) return current;
  fallback ??= { router: new NetworkRouter(), profile: SYSTEM_NETWORK };
  return fallback;
}
