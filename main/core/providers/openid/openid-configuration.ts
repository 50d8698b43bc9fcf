import type * as client from 'openid-client';
import { loadOpenIdClient, openIdClient } from './openid-client.ts';
import {
  clientAuthentication,
  clientMetadataFor,
} from '../../client-auth/client-authentication.ts';
import { AppError, toAppError } from '../../errors.ts';
import { limitedFetch } from '../../http/limited-fetch.ts';
import type { SendRule } from '../../http/outbound-guard.ts';
import { currentNetwork, type RequestNetwork } from '../../http/request-network.ts';
import type { ProviderConfig, ProviderCredentials } from '../../model.ts';
import { isLoopbackUrl } from '../urls.ts';

/** The endpoints found in a discovery document, kept in the provider's metadata for display. */
export function endpointsOf(config: client.Configuration): ProviderConfig['endpoints'] {
  const m = config.serverMetadata();
  const endpoints: ProviderConfig['endpoints'] = {};
  if (m.authorization_endpoint) endpoints.authorization = m.authorization_endpoint;
  if (m.token_endpoint) endpoints.token = m.token_endpoint;
  if (m.revocation_endpoint) endpoints.revocation = m.revocation_endpoint;
  if (m.introspection_endpoint) endpoints.introspection = m.introspection_endpoint;
  if (m.userinfo_endpoint) endpoints.userinfo = m.userinfo_endpoint;
  if (m.device_authorization_endpoint)
    endpoints.deviceAuthorization = m.device_authorization_endpoint;
  return endpoints;
}

/**
 * Builds the openid-client Configuration: discovery for OpenID Connect issuers, the stored
 * endpoints otherwise. Plain http is allowed for loopback addresses only. `rules` go with
 * every request the configuration makes (the client secret it holds may go only there);
 * `network` is the provider's proxy, trust and client certificate, and `credentials` its keys.
 */
export async function createConfiguration(
  provider: ProviderConfig,
  clientSecret: string | undefined,
  timeoutSeconds: number,
  rules: readonly SendRule[] = [],
  keys: { network?: RequestNetwork; credentials?: ProviderCredentials } = {},
): Promise<client.Configuration> {
  await loadOpenIdClient();
  const auth = await clientAuthentication(provider, clientSecret, keys.credentials);
  const network = keys.network ?? currentNetwork();
  const fetchWithRules: client.CustomFetch = (url, init) => limitedFetch(url, init, rules, network);
  const metadata: Partial<client.ClientMetadata> = {
    client_id: provider.clientId,
    ...clientMetadataFor(provider),
  };

  if (provider.kind === 'oidc') {
    if (!provider.issuer) throw new AppError('INVALID_INPUT', 'This provider has no issuer URL.');
    const issuer = new URL(provider.issuer);
    try {
      return await openIdClient().discovery(issuer, provider.clientId, metadata, auth, {
        timeout: timeoutSeconds,
        execute: isLoopbackUrl(issuer) ? [openIdClient().allowInsecureRequests] : [],
        [openIdClient().customFetch]: fetchWithRules,
      });
    } catch (err) {
      const error = toAppError(err, 'the issuer');
      throw new AppError(
        error.code,
        `Could not load the OpenID configuration of ${issuer.origin}. ${error.message}`,
        {
          ...(error.providerMessage ? { providerMessage: error.providerMessage } : {}),
          ...(error.certificate ? { certificate: error.certificate } : {}),
          cause: err,
        },
      );
    }
  }

  const { endpoints } = provider;
  if (!endpoints.token) throw new AppError('INVALID_INPUT', 'This provider has no token endpoint.');
  const tokenUrl = new URL(endpoints.token);
  const server: client.ServerMetadata = {
    issuer: provider.issuer ?? tokenUrl.origin,
    token_endpoint: endpoints.token,
    ...(endpoints.authorization ? { authorization_endpoint: endpoints.authorization } : {}),
    ...(endpoints.revocation ? { revocation_endpoint: endpoints.revocation } : {}),
    ...(endpoints.introspection ? { introspection_endpoint: endpoints.introspection } : {}),
    ...(endpoints.userinfo ? { userinfo_endpoint: endpoints.userinfo } : {}),
    ...(endpoints.deviceAuthorization
      ? { device_authorization_endpoint: endpoints.deviceAuthorization }
      : {}),
  };
  const config = new (openIdClient().Configuration)(server, provider.clientId, metadata, auth);
  config.timeout = timeoutSeconds;
  config[openIdClient().customFetch] = fetchWithRules;
  const urls = [
    endpoints.authorization,
    endpoints.token,
    endpoints.revocation,
    endpoints.introspection,
    endpoints.userinfo,
    endpoints.deviceAuthorization,
  ];
  if (urls.every((url) => !url || isLoopbackUrl(new URL(url))))
    openIdClient().allowInsecureRequests(config);
  return config;
}
