import type * as OpenIdClient from 'openid-client';

let loaded: typeof OpenIdClient | undefined;
let loading: Promise<typeof OpenIdClient> | undefined;

/**
 * Loads openid-client (with oauth4webapi and the parts of jose it needs) on first use: listing
 * the accounts at start-up needs none of it. Every operation starts by building the provider's
 * configuration (openid-configuration.ts), which awaits this first.
 */
export function loadOpenIdClient(): Promise<typeof OpenIdClient> {
  loading ??= import('openid-client').then((module) => (loaded = module));
  return loading;
}

/** openid-client, for code that runs only once a configuration exists (so it is loaded). */
export function openIdClient(): typeof OpenIdClient {
  if (!loaded) throw new Error('openid-client was used before loadOpenIdClient() finished.');
  return loaded;
}
