import type { CertificateProblem, ErrorCode, ErrorInfo } from '../../contract/domain.ts';

/**
 * Coded errors. Every failure that reaches the user passes through {@link toAppError} once,
 * so the UI can rely on a small set of codes and on messages that never contain secrets.
 */

export type { ErrorCode, ErrorInfo };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly providerMessage: string | undefined;
  readonly certificate: CertificateProblem | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { providerMessage?: string; cause?: unknown; certificate?: CertificateProblem },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.providerMessage = options?.providerMessage;
    this.certificate = options?.certificate;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.providerMessage) info.providerMessage = this.providerMessage;
    if (this.certificate) info.certificate = this.certificate;
    return info;
  }
}

const NETWORK_ERROR_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate could not be verified',
};

const MAX_PROVIDER_MESSAGE = 500;

/** Shortens and flattens a provider-supplied message so it is safe to show in one line. */
/** Why the disk refused a write, in words (full, read-only, or the system's code). */
export function writeRefusal(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return 'the disk is full';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'the folder is read-only';
  return `the system reported ${code ?? 'an error'}`;
}

export function cleanProviderMessage(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  return flat.length > MAX_PROVIDER_MESSAGE ? `${flat.slice(0, MAX_PROVIDER_MESSAGE)}…` : flat;
}

interface OAuthLikeError {
  error?: unknown;
  error_description?: unknown;
  code?: unknown;
  status?: unknown;
  cause?: unknown;
  name?: unknown;
  message?: unknown;
}

function describeOAuthError(error: string, description: string | undefined): ErrorInfo {
  const providerMessage = description ? `${error}: ${description}` : error;
  switch (error) {
    case 'invalid_grant':
      return {
        code: 'REAUTH_REQUIRED',
        message: 'The provider no longer accepts this grant. Sign in again to get new tokens.',
        providerMessage,
      };
    case 'invalid_client':
    case 'unauthorized_client':
      return {
        code: 'PROVIDER_ERROR',
        message:
          'The provider rejected the client credentials. Check the client ID, the client secret and the client authentication method in the provider settings.',
        providerMessage,
      };
    case 'invalid_token':
      return {
        code: 'REAUTH_REQUIRED',
        message: 'The provider says the token is invalid or expired.',
        providerMessage,
      };
    case 'access_denied':
      return {
        code: 'PROVIDER_ERROR',
        message: 'The sign-in was denied at the provider.',
        providerMessage,
      };
    case 'invalid_scope':
      return {
        code: 'PROVIDER_ERROR',
        message:
          'The provider rejected the requested scopes. Adjust the scopes in the provider settings.',
        providerMessage,
      };
    case 'unsupported_grant_type':
      return {
        code: 'UNSUPPORTED',
        message: 'The provider does not support this grant type for this client.',
        providerMessage,
      };
    default:
      return {
        code: 'PROVIDER_ERROR',
        message: 'The provider returned an error.',
        providerMessage,
      };
  }
}

/** The OAuth `error` of a response body, an authorization response or a WWW-Authenticate challenge. */
function findOAuthError(e: OAuthLikeError): { error: string; description?: unknown } | undefined {
  if (typeof e.error === 'string') return { error: e.error, description: e.error_description };
  if (e.code === 'OAUTH_WWW_AUTHENTICATE_CHALLENGE' && Array.isArray(e.cause)) {
    const challenge = e.cause[0] as
      { scheme?: string; parameters?: Record<string, unknown> } | undefined;
    const params = challenge?.parameters;
    if (typeof params?.['error'] === 'string') {
      return { error: params['error'], description: params['error_description'] };
    }
    // A Basic challenge asks for client credentials (a wrong secret), not for a new token.
    if (e.status === 401)
      return { error: challenge?.scheme === 'basic' ? 'invalid_client' : 'invalid_token' };
  }
  return undefined;
}

function findNetworkCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as OAuthLikeError;
  if (typeof e.code === 'string' && e.code in NETWORK_ERROR_CODES) return e.code;
  return findNetworkCode(e.cause, depth + 1);
}

function isAbortOrTimeout(err: unknown): 'timeout' | 'abort' | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as OAuthLikeError;
  if (e.code === 'OAUTH_TIMEOUT' || e.name === 'TimeoutError') return 'timeout';
  if (e.code === 'OAUTH_ABORT' || e.name === 'AbortError') {
    return isAbortOrTimeout(e.cause) ?? 'abort';
  }
  return e.cause ? isAbortOrTimeout(e.cause) : undefined;
}

/**
 * Normalizes anything thrown by the core, openid-client or fetch into an {@link AppError}.
 * The message never includes request bodies, tokens or URLs with query strings.
 */
export function toAppError(err: unknown, context = 'the provider'): AppError {
  const wrapped = findAppError(err);
  if (wrapped) return wrapped;
  const e = (err && typeof err === 'object' ? err : {}) as OAuthLikeError;

  const oauthError = findOAuthError(e);
  if (oauthError) {
    const info = describeOAuthError(oauthError.error, cleanProviderMessage(oauthError.description));
    return new AppError(info.code, info.message, {
      ...(info.providerMessage ? { providerMessage: info.providerMessage } : {}),
      cause: err,
    });
  }

  const abort = isAbortOrTimeout(err);
  if (abort === 'timeout') {
    return new AppError(
      'TIMEOUT',
      `${capitalize(context)} did not answer in time. Try again later.`,
      {
        cause: err,
      },
    );
  }
  if (abort === 'abort') {
    return new AppError('CANCELLED', 'The request was cancelled.', { cause: err });
  }

  const networkCode = findNetworkCode(err);
  if (networkCode || (e.name === 'TypeError' && e.message === 'fetch failed')) {
    const why = networkCode ? NETWORK_ERROR_CODES[networkCode] : 'the network request failed';
    return new AppError(
      'NETWORK',
      `Could not reach ${context}: ${why}. Check the URL and your connection, then try again.`,
      { cause: err },
    );
  }

  if (e.code === 'OAUTH_RESPONSE_IS_NOT_JSON' || e.code === 'OAUTH_PARSE_ERROR') {
    const status = e.cause instanceof Response ? e.cause.status : undefined;
    const hint =
      status !== undefined && status >= 500
        ? 'The server or a proxy in front of it is failing; try again later.'
        : 'Check the provider URL in its settings.';
    return new AppError(
      'INVALID_RESPONSE',
      `${capitalize(context)} sent a response that is not JSON${status ? ` (HTTP ${status})` : ''}. ${hint}`,
      { cause: err },
    );
  }
  if (
    e.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' ||
    e.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED'
  ) {
    return new AppError(
      'STATE_MISMATCH',
      `${capitalize(context)} answered for a different sign-in (state or nonce mismatch). Start the sign-in again.`,
      { cause: err },
    );
  }
  if (e.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || e.code === 'OAUTH_INVALID_RESPONSE') {
    const detail = cleanProviderMessage(e.message);
    return new AppError(
      'INVALID_RESPONSE',
      `${capitalize(context)} sent a response this app cannot use.`,
      {
        ...(detail ? { providerMessage: detail } : {}),
        cause: err,
      },
    );
  }

  return new AppError('INTERNAL', 'Something unexpected went wrong. Try again.', { cause: err });
}

/** openid-client wraps errors thrown by our customFetch; find ours again. */
function findAppError(err: unknown, depth = 0): AppError | undefined {
  if (err instanceof AppError) return err;
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  return findAppError((err as { cause?: unknown }).cause, depth + 1);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
