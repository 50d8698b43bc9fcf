import type { ErrorCode } from '../../../contract/domain.ts';

/**
 * Replies as oidc-agent writes them. `error_code` is Token Desk's own addition (clients ignore
 * fields they do not know) so `token-desk` can tell failures apart without matching words.
 */
export type AgentResponse =
  | { status: 'success'; [field: string]: unknown }
  | { status: 'failure'; error: string; error_code?: AgentErrorCode };

export type AgentErrorCode =
  | Extract<ErrorCode, 'VAULT_LOCKED' | 'NOT_FOUND' | 'SCRIPT_ACCESS_OFF' | 'ACCESS_DENIED'>
  | Extract<ErrorCode, 'NETWORK' | 'TIMEOUT' | 'REAUTH_REQUIRED' | 'PROVIDER_ERROR'>
  | Extract<ErrorCode, 'UNSUPPORTED' | 'INVALID_INPUT' | 'INTERNAL'>;

export function failure(error: string, code?: AgentErrorCode): AgentResponse {
  return code ? { status: 'failure', error, error_code: code } : { status: 'failure', error };
}

/** oidc-agent's own words, where its clients show them. */
export const AGENT_WORDING = {
  locked: 'Agent locked',
  unknownAccount: 'No account configured with that short name',
  forbidden: 'operation forbidden',
  badRequest: (what: string) => `Bad Request: ${what}`,
} as const;
