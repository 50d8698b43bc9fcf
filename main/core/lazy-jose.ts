/**
 * The parts of jose used only by provider operations, loaded on first use (start-up lists the
 * accounts without them). By subpath: jose's main entry loads every module it has.
 */
export async function loadJoseVerify() {
  const [{ compactVerify }, { createLocalJWKSet }, errors] = await Promise.all([
    import('jose/jws/compact/verify'),
    import('jose/jwks/local'),
    import('jose/errors'),
  ]);
  return { compactVerify, createLocalJWKSet, errors };
}

export async function loadJoseKeys() {
  const [{ importJWK }, { calculateJwkThumbprint }] = await Promise.all([
    import('jose/key/import'),
    import('jose/jwk/thumbprint'),
  ]);
  return { importJWK, calculateJwkThumbprint };
}
