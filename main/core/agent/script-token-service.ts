import type {
  AccessLogEntry,
  AccountsDelta,
  AccountSummary,
  PeerProcess,
  ProviderSummary,
} from '../../../contract/domain.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { toAppError, type AppError } from '../errors.ts';
import type { CoreEvents } from '../events.ts';
import { SingleFlight } from '../single-flight.ts';
import type { AccessLog } from './access-log.ts';
import {
  AGENT_WORDING,
  failure,
  type AgentErrorCode,
  type AgentResponse,
} from './agent-responses.ts';
import type { AccessTokenRequest } from './agent-requests.ts';
import type { ConsentService } from './consent-service.ts';

export interface ScriptTokenServiceOptions {
  accounts: AccountService;
  providers: { summaries(): ProviderSummary[] };
  events: CoreEvents;
  consent: ConsentService;
  log: AccessLog;
  /** True while no token may be read (the vault is locked). */
  isLocked: () => boolean;
  now?: () => number;
}

export interface ScriptCaller {
  applicationHint: string | null;
  peer(): Promise<PeerProcess | null>;
  signal?: AbortSignal;
}

interface CachedToken {
  accessToken: string;
  expiresAt: number | null;
}

/** Scripts never make one account refresh more often than this. */
export const REFRESH_FLOOR_MS = 10_000;

/** A refusal: what the script sees, and why for the access log. */
class Refusal extends Error {
  readonly response: AgentResponse;
  readonly reason: string;

  constructor(response: AgentResponse, reason: string) {
    super(reason);
    this.response = response;
    this.reason = reason;
  }
}

/**
 * Answers scripts' token requests: finds the account, applies its script-access setting (and
 * the user's answer for "ask"), then serves the in-memory token when it is valid long enough,
 * refreshes first otherwise (shared with the app's own refresh), or gets a narrower token.
 * Only access tokens leave: never refresh tokens, ID tokens or client secrets.
 */
export class ScriptTokenService {
  private readonly options: ScriptTokenServiceOptions;
  private readonly now: () => number;
  private byShortName = new Map<string, AccountSummary>();
  private accountsById = new Map<string, AccountSummary>();
  private issuers = new Map<string, string>();
  /** Narrowed tokens per (account, scopes, audience); never the account's own token. */
  private readonly narrowed = new Map<string, CachedToken>();
  private readonly narrowing = new SingleFlight<CachedToken>();
  /**
   * The accounts' access tokens as last read from the vault, so a cached answer decrypts
   * nothing. Dropped on every account or vault change (refresh, sign-in, removal, lock).
   */
  private readonly accessTokens = new Map<string, string>();
  private readonly unsubscribe: () => void;

  constructor(options: ScriptTokenServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    // An index kept from the change events, so a cached answer reads no file.
    this.indexAccounts(options.accounts.summaries());
    this.indexProviders(options.providers.summaries());
    this.unsubscribe = options.events.subscribe((event, payload) => {
      if (event === 'accounts:changed') this.applyAccounts(payload as AccountsDelta);
      if (event === 'providers:changed') this.indexProviders(payload as ProviderSummary[]);
      if (event === 'vault:changed') {
        this.accessTokens.clear();
        if (options.isLocked()) this.narrowed.clear();
      }
    });
  }

  dispose(): void {
    this.unsubscribe();
    this.narrowed.clear();
    this.accessTokens.clear();
  }

  /** Short names of the accounts scripts may ask for (oidc-agent's `loaded_accounts`). */
  usableAccounts(): AccountSummary[] {
    return [...this.accountsById.values()].filter((a) => a.scripting.access !== 'never');
  }

  issuerOf(account: AccountSummary): string | null {
    return this.issuers.get(account.providerId) ?? null;
  }

  /** An `access_token` request, answered as oidc-agent answers it. */
  async accessToken(request: AccessTokenRequest, caller: ScriptCaller): Promise<AgentResponse> {
    const requested = request.account ?? request.issuer ?? '';
    const scope = normalizeScope(request.scope);
    const audience = request.audience?.trim() || null;
    let account: AccountSummary | undefined;
    let process: PeerProcess | null = null;
    const entry = (outcome: AccessLogEntry['outcome'], reason: string) =>
      this.options.log.record({
        requested,
        accountId: account?.id ?? null,
        accountLabel: account?.label ?? null,
        applicationHint: caller.applicationHint,
        process,
        outcome,
        reason,
        scope: scope?.join(' ') ?? null,
        audience,
      });
    try {
      if (this.options.isLocked()) {
        throw new Refusal(failure(AGENT_WORDING.locked, 'VAULT_LOCKED'), 'vault locked');
      }
      account = request.account
        ? this.findByShortName(request.account)
        : this.findByIssuer(request.issuer ?? '');
      const permission = await this.permit(account, caller, scope, audience);
      process = permission.process;
      const token = await this.token(account, request.min_valid_period ?? 0, scope, audience);
      const dpop = account.tokenBinding === 'dpop';
      // A DPoP-bound token is refused without a proof: one is made when the script asks.
      const proof =
        dpop && request.dpop_url
          ? await this.options.accounts.dpopProof(
              account.id,
              request.dpop_method ?? 'GET',
              request.dpop_url,
              token.accessToken,
            )
          : undefined;
      entry('granted', permission.reason);
      return {
        status: 'success',
        access_token: token.accessToken,
        issuer: this.issuerOf(account) ?? '',
        expires_at: token.expiresAt === null ? 0 : Math.floor(token.expiresAt / 1000),
        ...(dpop ? { token_type: 'DPoP' } : {}),
        ...(proof ? { dpop_proof: proof } : {}),
      };
    } catch (err) {
      if (err instanceof Refusal) {
        entry('refused', err.reason);
        return err.response;
      }
      const error = toAppError(err);
      entry('refused', error.message);
      return failure(describeError(error), agentCode(error));
    }
  }

  /** The account bound to a git host, for `token-desk git-credential get`. */
  accountForGitHost(host: string): AccountSummary | undefined {
    const wanted = host.trim().toLowerCase();
    return this.usableAccounts().find((a) =>
      a.scripting.gitHosts.some((h) => h.toLowerCase() === wanted),
    );
  }

  private findByShortName(name: string): AccountSummary {
    const account = this.byShortName.get(name);
    if (!account) {
      throw new Refusal(failure(AGENT_WORDING.unknownAccount, 'NOT_FOUND'), 'unknown account');
    }
    return account;
  }

  private findByIssuer(issuer: string): AccountSummary {
    const wanted = trimSlash(issuer);
    const matching = [...this.accountsById.values()].filter(
      (a) => trimSlash(this.issuers.get(a.providerId) ?? '') === wanted,
    );
    const usable =
      matching.find((a) => a.scripting.access === 'always') ??
      matching.find((a) => a.scripting.access === 'ask');
    if (usable) return usable;
    if (matching[0]) return matching[0];
    throw new Refusal(
      failure('No account configured for that issuer', 'NOT_FOUND'),
      'unknown issuer',
    );
  }

  private async permit(
    account: AccountSummary,
    caller: ScriptCaller,
    scope: string[] | null,
    audience: string | null,
  ): Promise<{ reason: string; process: PeerProcess | null }> {
    const access = account.scripting.access;
    if (access === 'never') {
      throw new Refusal(
        failure(
          `Token Desk: scripts may not use "${account.scripting.shortName}"; turn on script access in its settings`,
          'SCRIPT_ACCESS_OFF',
        ),
        'script access off',
      );
    }
    if (access === 'always') return { reason: 'always allowed', process: null };
    const process = await caller.peer();
    const ask = {
      accountId: account.id,
      accountLabel: account.label,
      shortName: account.scripting.shortName,
      applicationHint: caller.applicationHint,
      process,
      scope: scope?.join(' ') ?? null,
      audience,
    };
    if (this.options.consent.isGranted(ask)) return { reason: 'allowed for an hour', process };
    const outcome = await this.options.consent.ask(ask, caller.signal);
    switch (outcome) {
      case 'allow-once':
        return { reason: 'allowed once', process };
      case 'allow-hour':
        return { reason: 'allowed for an hour', process };
      case 'deny':
        throw new Refusal(
          failure(`${AGENT_WORDING.forbidden}: denied in Token Desk`, 'ACCESS_DENIED'),
          'denied',
        );
      case 'timeout':
        throw new Refusal(
          failure(
            `${AGENT_WORDING.forbidden}: nobody answered in Token Desk within 60 s`,
            'ACCESS_DENIED',
          ),
          'no answer within 60 s',
        );
      case 'cancelled':
        throw new Refusal(
          failure(`${AGENT_WORDING.forbidden}: the request was cancelled`, 'ACCESS_DENIED'),
          'cancelled',
        );
    }
  }

  private async token(
    account: AccountSummary,
    minValidSeconds: number,
    scope: string[] | null,
    audience: string | null,
  ): Promise<CachedToken> {
    if (account.status === 'revoked') {
      throw new Refusal(
        failure('This account was revoked in Token Desk; sign in again', 'REAUTH_REQUIRED'),
        'account revoked',
      );
    }
    const force = minValidSeconds < 0;
    const validEnough = (expiresAt: number | null) =>
      !force && (expiresAt === null || expiresAt - this.now() >= minValidSeconds * 1000);

    const narrower = audience !== null || (scope !== null && !sameScopes(scope, account.scopes));
    if (narrower) {
      const key = JSON.stringify([account.id, scope, audience]);
      const cached = this.narrowed.get(key);
      if (cached && validEnough(cached.expiresAt)) return cached;
      const fresh = await this.narrowing.run(key, async () => {
        const token = await this.options.accounts.narrowedToken(account.id, {
          ...(scope ? { scopes: scope } : {}),
          ...(audience ? { audience } : {}),
        });
        if (!this.options.isLocked()) this.narrowed.set(key, token);
        return token;
      });
      return fresh;
    }

    let expiresAt = account.expiresAt;
    // A token refreshed moments ago is as good as the provider gives: a shorter lifetime than
    // asked for must not make every later request refresh again.
    const justRefreshed =
      account.lastRefreshedAt !== null &&
      this.now() - account.lastRefreshedAt < REFRESH_FLOOR_MS &&
      (expiresAt === null || expiresAt > this.now());
    if (!validEnough(expiresAt) && !justRefreshed) {
      const refresh = account.actions.refresh;
      if (!refresh.available) {
        throw new Refusal(
          failure(
            `The token of "${account.scripting.shortName}" is not valid for ${Math.max(minValidSeconds, 0)} s and cannot be refreshed: ${refresh.reason}`,
            'UNSUPPORTED',
          ),
          'cannot refresh',
        );
      }
      // The account service's refresh is single-flight: the app's own refresh and every
      // script waiting here share one provider request.
      expiresAt = (await this.options.accounts.refresh(account.id)).expiresAt;
    }
    return { accessToken: this.accessTokenOf(account.id), expiresAt };
  }

  private accessTokenOf(id: string): string {
    let token = this.accessTokens.get(id);
    if (token === undefined) {
      token = this.options.accounts.readAccessToken(id);
      if (!this.options.isLocked()) this.accessTokens.set(id, token);
    }
    return token;
  }

  /** Keeps the index current from one change event: only the accounts it names are touched. */
  private applyAccounts(delta: AccountsDelta): void {
    if (delta.reset) return this.indexAccounts(delta.changed);
    for (const id of delta.removed) this.forgetAccount(id);
    for (const account of delta.changed) {
      this.forgetAccount(account.id, false);
      this.accountsById.set(account.id, account);
      this.byShortName.set(account.scripting.shortName, account);
    }
  }

  /** Drops what is cached for one account; `removed` also forgets its narrowed tokens. */
  private forgetAccount(id: string, removed = true): void {
    this.accessTokens.delete(id);
    const previous = this.accountsById.get(id);
    if (previous && this.byShortName.get(previous.scripting.shortName)?.id === id)
      this.byShortName.delete(previous.scripting.shortName);
    if (!removed) return;
    this.accountsById.delete(id);
    for (const key of [...this.narrowed.keys()]) {
      if ((JSON.parse(key) as [string])[0] === id) this.narrowed.delete(key);
    }
  }

  private indexAccounts(accounts: readonly AccountSummary[]): void {
    this.accessTokens.clear();
    this.accountsById = new Map(accounts.map((a) => [a.id, a]));
    this.byShortName = new Map(accounts.map((a) => [a.scripting.shortName, a]));
    for (const key of [...this.narrowed.keys()]) {
      const [id] = JSON.parse(key) as [string];
      if (!this.accountsById.has(id)) this.narrowed.delete(key);
    }
  }

  private indexProviders(providers: readonly ProviderSummary[]): void {
    this.issuers = new Map(providers.map((p) => [p.id, p.issuer ?? p.baseUrl ?? '']));
  }
}

function normalizeScope(scope: string | undefined): string[] | null {
  const scopes = (scope ?? '').split(/\s+/).filter(Boolean);
  return scopes.length ? [...new Set(scopes)].sort() : null;
}

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(b);
  return a.length === set.size && a.every((s) => set.has(s));
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function describeError(error: AppError): string {
  return error.providerMessage ? `${error.message} (${error.providerMessage})` : error.message;
}

function agentCode(error: AppError): AgentErrorCode {
  switch (error.code) {
    case 'NETWORK':
    case 'TIMEOUT':
    case 'REAUTH_REQUIRED':
    case 'PROVIDER_ERROR':
    case 'UNSUPPORTED':
    case 'NOT_FOUND':
      return error.code;
    case 'VAULT_LOCKED':
      return 'VAULT_LOCKED';
    default:
      return 'INTERNAL';
  }
}
