import type { ProviderInput } from '../../contract/domain.ts';
import {
  CONFIDENTIAL_CLIENT_ID,
  CONFIDENTIAL_CLIENT_SECRET,
  NATIVE_CLIENT_ID,
} from '../servers/oidc-idp.ts';

/** The provider form as a user fills it for the test IdP's public native client. */
export function nativeClientInput(
  issuer: string,
  overrides: Partial<ProviderInput> = {},
): ProviderInput {
  return {
    kind: 'oidc',
    name: 'Test IdP',
    issuer,
    clientId: NATIVE_CLIENT_ID,
    clientAuth: 'none',
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    authParams: { prompt: 'consent' },
    redirectKind: 'loopback',
    ...overrides,
  };
}

export function confidentialClientInput(
  issuer: string,
  overrides: Partial<ProviderInput> = {},
): ProviderInput {
  return nativeClientInput(issuer, {
    name: 'Test IdP (confidential)',
    clientId: CONFIDENTIAL_CLIENT_ID,
    clientSecret: CONFIDENTIAL_CLIENT_SECRET,
    clientAuth: 'client_secret_basic',
    ...overrides,
  });
}
