// jose by subpath: its main entry loads every module it has (hundreds of files at start-up).
import type { JSONWebKeySet } from 'jose';
import type { createLocalJWKSet } from 'jose/jwks/local';
import { decodeProtectedHeader } from 'jose/decode/protected_header';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { loadJoseVerify } from '../lazy-jose.ts';
import { parsedBody, requestJson } from '../http/json-request.ts';

/** What a successful check established about an ID token. */
export interface SignatureCheck {
  alg: string;
  /** The key that verified it: a `kid` from the provider's JWKS, or the client secret (HS*). */
  key: { kind: 'jwks'; kid: string | null; jwksUri: string } | { kind: 'client-secret' };
}

/** Signature algorithms an OpenID provider may use for ID tokens (never `none`). */
const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/;
const HMAC = /^HS(256|384|512)$/;
/** A `kid` the refreshed key set still lacked is not worth another download for this long. */
const UNKNOWN_KID_COOLDOWN_MS = 5 * 60_000;

const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

export interface SigningKeysOptions {
  providerName: string;
  /** `jwks_uri` from discovery; null when the provider publishes no keys. */
  jwksUri: string | null;
  /** For HS* ID tokens, signed with the client secret (OIDC Core §10.1). */
  clientSecret: () => string | undefined;
  timeoutSeconds: number;
  now?: () => number;
}

/**
 * Checks ID token signatures against a provider's published keys (JWKS from discovery),
 * downloaded once and kept; a token signed with a key not in the kept set makes it download
 * the set again once (the provider rotated its keys), and a `kid` still unknown after that is
 * refused without another download for a while.
 */
export class SigningKeys {
  private readonly options: SigningKeysOptions;
  private readonly now: () => number;
  private keys: Promise<JSONWebKeySet> | undefined;
  private readonly unknownKids = new Map<string, number>();
  private readonly keySets = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();

  constructor(options: SigningKeysOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  /**
   * Verifies the signature of `idToken`; throws INVALID_RESPONSE when it does not verify.
   * Claims (issuer, audience, expiry, nonce) are openid-client's job, not this one's.
   */
  async verify(idToken: string): Promise<SignatureCheck> {
    const { providerName } = this.options;
    let alg: string;
    let kid: string | null;
    try {
      const header = decodeProtectedHeader(idToken);
      alg = String(header.alg);
      kid = typeof header.kid === 'string' ? header.kid : null;
    } catch {
      throw refused(providerName, 'it is not a signed JWT');
    }
    if (HMAC.test(alg)) return this.verifyWithSecret(idToken, alg);
    if (!ASYMMETRIC.test(alg)) throw refused(providerName, `it is signed with "${alg}"`);
    const { jwksUri } = this.options;
    if (!jwksUri) throw refused(providerName, `${providerName} publishes no signing keys`);

    const { compactVerify, createLocalJWKSet, errors: joseErrors } = await loadJoseVerify();
    const attempt = async (): Promise<void> => {
      const keys = await this.loadKeys();
      // One key set per download: it keeps the keys it imported, so a refresh verifies
      // without importing the provider's key again.
      let jwks = this.keySets.get(keys);
      if (!jwks) this.keySets.set(keys, (jwks = createLocalJWKSet(keys)));
      await compactVerify(idToken, jwks, { algorithms: [alg] });
    };
    try {
      try {
        await attempt();
      } catch (err) {
        if (!(err instanceof joseErrors.JWKSNoMatchingKey) || !this.mayRefetchFor(kid)) throw err;
        this.keys = undefined;
        await attempt();
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof joseErrors.JWKSNoMatchingKey) {
        this.unknownKids.set(kid ?? '', this.now());
        throw refused(
          providerName,
          `it is signed with a key${kid ? ` ("${kid}")` : ''} that ${providerName} does not publish`,
        );
      }
      if (err instanceof joseErrors.JWSSignatureVerificationFailed)
        throw refused(providerName, 'its signature does not match the key it names');
      throw refused(providerName, 'its signature could not be checked');
    }
    return { alg, key: { kind: 'jwks', kid, jwksUri } };
  }

  private async verifyWithSecret(idToken: string, alg: string): Promise<SignatureCheck> {
    const secret = this.options.clientSecret();
    if (!secret)
      throw refused(this.options.providerName, `it is signed with "${alg}" and no client secret`);
    const { compactVerify } = await loadJoseVerify();
    try {
      await compactVerify(idToken, new TextEncoder().encode(secret), { algorithms: [alg] });
    } catch {
      throw refused(this.options.providerName, 'its signature does not match the client secret');
    }
    return { alg, key: { kind: 'client-secret' } };
  }

  private mayRefetchFor(kid: string | null): boolean {
    const last = this.unknownKids.get(kid ?? '');
    return last === undefined || this.now() - last >= UNKNOWN_KID_COOLDOWN_MS;
  }

  private loadKeys(): Promise<JSONWebKeySet> {
    if (!this.keys) {
      const keys = this.download();
      this.keys = keys;
      // A failed download is tried again next time, not kept.
      keys.catch(() => {
        if (this.keys === keys) this.keys = undefined;
      });
    }
    return this.keys;
  }

  private async download(): Promise<JSONWebKeySet> {
    const { providerName, jwksUri, timeoutSeconds } = this.options;
    const response = await requestJson({ url: jwksUri!, timeoutSeconds, providerName });
    const parsed = jwksSchema.safeParse(response.status === 200 ? parsedBody(response) : null);
    if (!parsed.success) {
      throw new AppError(
        'INVALID_RESPONSE',
        `${providerName}'s signing keys (${jwksUri}) could not be read (HTTP ${response.status}), so the ID token could not be checked.`,
      );
    }
    return parsed.data;
  }
}

function refused(providerName: string, why: string): AppError {
  return new AppError(
    'INVALID_RESPONSE',
    `The ID token from ${providerName} failed the signature check: ${why}.`,
  );
}
