import type * as client from 'openid-client';
import type { ProviderConfig } from '../model.ts';
import type { SigningKeys } from './id-token-signature.ts';
import { OpenIdAdapter } from './openid/openid-adapter.ts';
import { PeerIdAdapter } from './peerid/peerid-adapter.ts';
import { PiAdapter } from './pi/pi-adapter.ts';
import { PlaceOsAdapter } from './placeos/placeos-adapter.ts';
import type { ProviderAdapter } from './provider-adapter.ts';

export interface AdapterContext {
  /** Reads the client secret from the vault, for adapters that send it themselves. */
  clientSecret: () => string | undefined;
  /** The cached openid-client Configuration for standard-protocol providers. */
  configuration: () => Promise<client.Configuration>;
  /** The provider's ID token signing keys (kept per provider version). */
  signingKeys: () => Promise<SigningKeys>;
  timeoutSeconds: number;
  now: () => number;
}

/** The adapter for a provider's kind. */
export function createAdapter(provider: ProviderConfig, context: AdapterContext): ProviderAdapter {
  const options = {
    timeoutSeconds: context.timeoutSeconds,
    now: context.now,
    signingKeys: context.signingKeys,
  };
  switch (provider.kind) {
    case 'oidc':
    case 'oauth2':
      return new OpenIdAdapter(provider, context.configuration, options);
    case 'placeos':
      return new PlaceOsAdapter(provider, context.configuration, options);
    case 'peerid':
      return new PeerIdAdapter(provider, context.clientSecret, context.timeoutSeconds);
    case 'pi':
      return new PiAdapter(provider, context.timeoutSeconds);
  }
}
