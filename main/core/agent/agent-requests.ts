import { z } from 'zod';

/**
 * The requests the agent socket understands. oidc-agent's IPC API: `access_token` (by account
 * short name or by issuer) and `loaded_accounts`; unknown fields are ignored, as oidc-agent
 * does. Token Desk's own: `token_desk_accounts` and `token_desk_git_credential` (used by the
 * `token-desk` command).
 */

const text = (max: number) => z.string().max(max);
/** oidc-agent's clients send numbers; some scripts send them as strings. */
const seconds = z.union([
  z.number().int().min(-1).max(31_536_000),
  z
    .string()
    .regex(/^-?\d{1,9}$/)
    .transform(Number)
    .pipe(z.number().int().min(-1).max(31_536_000)),
]);

export const accessTokenRequestSchema = z
  .object({
    request: z.literal('access_token'),
    account: text(200).min(1).optional(),
    issuer: text(2000).min(1).optional(),
    min_valid_period: seconds.optional(),
    scope: text(2000).optional(),
    audience: text(2000).optional(),
    application_hint: text(200).optional(),
    /** Token Desk's own: a fresh DPoP proof for this request (DPoP-bound accounts). */
    dpop_method: text(20).optional(),
    dpop_url: text(2000).optional(),
  })
  .refine((r) => (r.account === undefined) !== (r.issuer === undefined), {
    message: 'give either account or issuer',
  });

export type AccessTokenRequest = z.infer<typeof accessTokenRequestSchema>;

export const gitCredentialRequestSchema = z.object({
  request: z.literal('token_desk_git_credential'),
  host: text(300).min(1),
  protocol: text(20).optional(),
  application_hint: text(200).optional(),
});

export type GitCredentialRequest = z.infer<typeof gitCredentialRequestSchema>;

export const agentRequestSchema = z.discriminatedUnion('request', [
  z.object({ request: z.literal('loaded_accounts') }),
  z.object({ request: z.literal('token_desk_accounts') }),
]);

/** The request name, if the message has one (for the "unknown request" answer). */
export function requestName(message: unknown): string | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const name = (message as { request?: unknown }).request;
  return typeof name === 'string' ? name.slice(0, 50) : undefined;
}
