import type * as client from 'openid-client';
import { openIdClient } from '../providers/openid/openid-client.ts';
import type { webcrypto } from 'node:crypto';
import type { ProviderConfig, StoredTokens } from '../model.ts';
import { loadJoseKeys } from '../lazy-jose.ts';
import { generateKeyPair, type StoredKeyPair } from './client-keys.ts';

/** The DPoP options of one token request, and the key the tokens will be bound to. */
export interface DpopUse {
  options: { DPoP?: client.DPoPHandle };
  key?: StoredKeyPair;
}

/**
 * One handle per configuration and key, so the server's nonces (RFC 9449 §8) are remembered
 * between requests: openid-client retries once with the nonce a server asks for, and a kept
 * handle sends the right one from the start next time.
 */
const handles = new WeakMap<client.Configuration, Map<string, Promise<client.DPoPHandle>>>();
const MAX_HANDLES_PER_CONFIGURATION = 1000;

/**
 * DPoP for a token request to `provider` (RFC 9449): off unless the provider opts in. The
 * account's existing key is reused (its refresh token is bound to it); a sign-in gets a new one.
 */
export async function dpopFor(
  config: client.Configuration,
  provider: ProviderConfig,
  tokens?: Pick<StoredTokens, 'dpopKey'>,
): Promise<DpopUse> {
  if (!provider.dpop && !tokens?.dpopKey) return { options: {} };
  const key = tokens?.dpopKey ?? (await generateKeyPair());
  return { options: { DPoP: await handleFor(config, key) }, key };
}

/** The DPoP options for a call made with an account's access token (userinfo). */
export async function dpopForToken(
  config: client.Configuration,
  tokens: StoredTokens,
): Promise<{ DPoP?: client.DPoPHandle }> {
  if (!tokens.dpopKey || tokens.tokenType.toLowerCase() !== 'dpop') return {};
  return { DPoP: await handleFor(config, tokens.dpopKey) };
}

/**
 * A fresh DPoP proof for a request a script or a copied curl command will make: method and
 * URL as given, bound to the access token (`ath`), with the last nonce the server sent.
 */
export async function freshProof(
  config: client.Configuration,
  tokens: StoredTokens,
  method: string,
  url: URL,
): Promise<string | undefined> {
  if (!tokens.dpopKey) return undefined;
  // The handle's proof builder (oauth4webapi's DPoPHandle, which openid-client's handle
  // extends): it knows the server's last nonce. Typed here because the typings omit it.
  const handle = (await handleFor(config, tokens.dpopKey)) as unknown as ProofBuilder;
  const headers = new Headers();
  await handle.addProof(url, headers, method.toUpperCase(), tokens.accessToken);
  return headers.get('dpop') ?? undefined;
}

interface ProofBuilder {
  addProof(url: URL, headers: Headers, htm: string, accessToken?: string): Promise<void>;
}

function handleFor(config: client.Configuration, key: StoredKeyPair): Promise<client.DPoPHandle> {
  let byKey = handles.get(config);
  if (!byKey) {
    byKey = new Map();
    handles.set(config, byKey);
  }
  const id = String(key.publicJwk.kid);
  let handle = byKey.get(id);
  if (!handle) {
    if (byKey.size >= MAX_HANDLES_PER_CONFIGURATION) byKey.delete(byKey.keys().next().value!);
    handle = keyPairOf(key).then((pair) => openIdClient().getDPoPHandle(config, pair));
    byKey.set(id, handle);
  }
  return handle;
}

async function keyPairOf(key: StoredKeyPair): Promise<webcrypto.CryptoKeyPair> {
  const alg = String(key.privateJwk.alg);
  const { importJWK } = await loadJoseKeys();
  const [privateKey, publicKey] = await Promise.all([
    importJWK(key.privateJwk, alg),
    importJWK(key.publicJwk, alg, { extractable: true }),
  ]);
  return { privateKey, publicKey } as webcrypto.CryptoKeyPair;
}

/** Whether a token response bound the access token to the DPoP key. */
export function isDpopBound(tokenType: string | undefined): boolean {
  return tokenType?.toLowerCase() === 'dpop';
}
