import { randomUUID } from 'node:crypto';
import { curlCommand } from './curl-command.ts';
import type {
  AccountsDelta,
  AccountSummary,
  Availability,
  Inspection,
  InspectionSection,
  SignInMethod,
  TokenKind,
} from '../../../contract/domain.ts';
import { AppError, toAppError } from '../errors.ts';
import { plausibleExpiry } from '../expiry.ts';
import type { CoreEvents } from '../events.ts';
import { sendOnlyTo, type SendRule } from '../http/outbound-guard.ts';
import type { MetadataStore } from '../metadata/metadata-store.ts';
import {
  accountVaultId,
  type AccountRecord,
  type ProviderConfig,
  type StoredTokens,
  type TokenGrant,
} from '../model.ts';
import {
  unsupported,
  type RefreshAvailability,
  type TokenNarrowing,
} from '../providers/provider-adapter.ts';
import type { ProviderService } from '../providers/provider-service.ts';
import { KeyedLock } from '../keyed-lock.ts';
import { bindingFor, describeMove, type SecretBinding } from '../secret-binding.ts';
import { deriveShortName, uniqueShortName } from '../agent/short-name.ts';
import { SingleFlight } from '../single-flight.ts';
import { decodedTokenSections } from '../token-sections.ts';
import type { TokenVault } from '../vault/token-vault.ts';
import { sessionEnd } from './session-end.ts';
import type { TokenHistory } from './token-history.ts';

export interface AccountServiceOptions {
  metadata: MetadataStore;
  vault: TokenVault;
  events: CoreEvents;
  providers: ProviderService;
  /** Where sign-ins, refreshes and revocations are recorded (times and outcomes only). */
  history?: TokenHistory;
  now?: () => number;
}

/** A copied token must stay valid for at least this long, or it is refreshed first. */
export const FRESH_TOKEN_MARGIN_MS = 60_000;

/**
 * Everything done to a signed-in account: list, refresh (with rotation), revoke, inspect,
 * reveal, remove. Token material is read from and written to the vault only here.
 */
export class AccountService {
  private readonly options: AccountServiceOptions;
  /** Concurrent refresh requests for one account share one provider call. */
  private readonly refreshes = new SingleFlight<AccountSummary>();
  /** Token operations on one account never overlap (see {@link KeyedLock}). */
  private readonly tokenOperations = new KeyedLock();
  /** Saving sign-ins is serialized per provider and subject (see {@link saveSignIn}). */
  private readonly signInSaves = new KeyedLock();
  private readonly bindings = new WeakMap<ProviderConfig, SecretBinding>();
  private readonly now: () => number;
  /** Summaries by account id, in list order; undefined until (re)built. */
  private summaryCache: Map<string, AccountSummary> | undefined;
  /** The metadata store's count of outside edits the cache was built at. */
  private summariesAt = -1;
  private version = 0;

  constructor(options: AccountServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  list(): AccountRecord[] {
    return this.options.metadata.listAccounts();
  }

  get(id: string): AccountRecord {
    const account = this.options.metadata.getAccount(id);
    if (!account) throw new AppError('NOT_FOUND', 'That account no longer exists.');
    return account;
  }

  /** Every account's summary, from the cache: recomputed only for accounts that changed. */
  summaries(): AccountSummary[] {
    return [...this.cachedSummaries().values()];
  }

  /** Recomputes every summary and sends the whole list (the vault was unlocked, a provider edited). */
  resetSummaries(): void {
    this.summaryCache = undefined;
    this.emit({ reset: true, changed: this.summaries(), removed: [] });
  }

  /** Recomputes one account's summary and sends it (or its removal) to listeners. */
  changed(id: string): void {
    // The file was edited from outside meanwhile: anything may have changed, send it all.
    if (this.summaryCache && this.options.metadata.externalChanges !== this.summariesAt) {
      this.resetSummaries();
      return;
    }
    const cache = this.cachedSummaries();
    const account = this.options.metadata.getAccount(id);
    const provider = account ? this.options.metadata.getProvider(account.providerId) : undefined;
    if (account && provider) {
      const summary = this.summarize(account, provider);
      cache.set(id, summary);
      this.emit({ reset: false, changed: [summary], removed: [] });
    } else if (cache.delete(id)) {
      this.emit({ reset: false, changed: [], removed: [id] });
    }
  }

  private cachedSummaries(): Map<string, AccountSummary> {
    const changes = this.options.metadata.externalChanges;
    if (this.summaryCache && changes === this.summariesAt) return this.summaryCache;
    this.summariesAt = changes;
    const providers = new Map(this.options.providers.list().map((p) => [p.id, p]));
    const cache = new Map<string, AccountSummary>();
    for (const account of this.list()) {
      const provider = providers.get(account.providerId);
      if (provider) cache.set(account.id, this.summarize(account, provider));
    }
    this.summaryCache = cache;
    return cache;
  }

  private emit(delta: Omit<AccountsDelta, 'version'>): void {
    this.options.events.emit('accounts:changed', { version: ++this.version, ...delta });
  }

  /**
   * Stores the tokens of a completed sign-in: updates the account being signed in again (unless
   * the user signed in as someone else), or the one with the same subject at this provider, or
   * creates a new account.
   */
  saveSignIn(
    provider: ProviderConfig,
    grant: TokenGrant,
    method: SignInMethod,
    reauthAccountId?: string,
  ): Promise<AccountRecord> {
    // Two completions for one user (two redirects, a form sent twice) must find each other:
    // the lookup and the write happen under one lock per provider and subject.
    const key = `${provider.id}\u0000${grant.subject ?? ''}`;
    return this.signInSaves.run(key, () =>
      this.saveSignInNow(provider, grant, method, reauthAccountId),
    );
  }

  private async saveSignInNow(
    provider: ProviderConfig,
    grant: TokenGrant,
    method: SignInMethod,
    reauthAccountId?: string,
  ): Promise<AccountRecord> {
    const reauth = reauthAccountId ? this.options.metadata.getAccount(reauthAccountId) : undefined;
    const sameUser = !reauth?.subject || !grant.subject || reauth.subject === grant.subject;
    const existing =
      (sameUser ? reauth : undefined) ??
      (grant.subject
        ? this.list().find((a) => a.providerId === provider.id && a.subject === grant.subject)
        : undefined);
    const now = this.now();
    const id = existing?.id ?? randomUUID();
    const label = existing?.label ?? grant.label ?? this.defaultLabel(provider);
    const account: AccountRecord = {
      id,
      providerId: provider.id,
      label,
      subject: grant.subject ?? existing?.subject ?? null,
      scopes: grant.scopes ?? provider.scopes,
      expiresAt: plausibleExpiry(grant.expiresAt, now),
      issuedAt: now,
      lastRefreshedAt: null,
      status: 'active',
      statusMessage: null,
      signInMethod: method,
      hasRefreshToken: Boolean(grant.tokens.refreshToken),
      hasIdToken: Boolean(grant.tokens.idToken),
      createdAt: existing?.createdAt ?? now,
      shortName: existing?.shortName || this.newShortName(label, id),
      scriptAccess: existing?.scriptAccess ?? 'never',
      gitHosts: existing?.gitHosts ?? [],
      tokenBinding: grant.tokenBinding ?? null,
      signInNeededBy: sessionEnd(grant),
    };
    // Tokens first: metadata must never point at tokens that are not on disk. They are bound to
    // the provider as it was configured for this sign-in: they are only ever sent back there.
    await this.options.vault.put(accountVaultId(account.id), grant.tokens, bindingFor(provider));
    this.options.metadata.batch(() => {
      this.options.metadata.saveAccount(account);
      this.options.history?.record(id, { at: now, event: 'signed-in', outcome: 'ok', method });
    });
    this.changed(account.id);
    return account;
  }

  /**
   * Refreshes the access token. With rotation, the new refresh token is on disk before this
   * resolves; a response without one keeps the old. `invalid_grant` flags the account
   * "sign in again" and keeps its tokens.
   */
  refresh(id: string): Promise<AccountSummary> {
    return this.refreshes.run(id, () => this.tokenOperations.run(id, () => this.refreshNow(id)));
  }

  private async refreshNow(id: string): Promise<AccountSummary> {
    const account = this.get(id);
    const provider = this.options.providers.get(account.providerId);
    const availability = this.refreshAvailability(account, provider);
    if (!availability.available) throw new AppError('UNSUPPORTED', availability.reason);
    const { tokens, rule } = this.readBoundTokens(account, provider);
    let grant: TokenGrant;
    try {
      grant = await sendOnlyTo(rule, () =>
        this.options.providers.adapter(provider).refresh(tokens, account),
      );
    } catch (err) {
      const error = toAppError(err, provider.name);
      this.options.history?.record(id, {
        at: this.now(),
        event: 'refresh-failed',
        outcome: 'failed',
        error: error.toInfo(),
      });
      if (error.code === 'REAUTH_REQUIRED') this.flagReauth(account, error);
      throw error;
    }
    // A verify (Pi) hands back the same token: nothing to rewrite in the vault.
    if (!sameTokens(tokens, grant.tokens))
      await this.options.vault.put(accountVaultId(id), grant.tokens, bindingFor(provider));
    const refreshed: AccountRecord = {
      ...this.get(id),
      expiresAt: plausibleExpiry(grant.expiresAt, this.now()),
      scopes: grant.scopes ?? account.scopes,
      lastRefreshedAt: this.now(),
      status: 'active',
      statusMessage: null,
      hasRefreshToken: Boolean(grant.tokens.refreshToken),
      hasIdToken: Boolean(grant.tokens.idToken),
      tokenBinding: grant.tokenBinding ?? null,
      signInNeededBy: sessionEnd(grant, { tokens, signInNeededBy: account.signInNeededBy }),
    };
    if (grant.subject && !refreshed.subject) refreshed.subject = grant.subject;
    const newRefreshToken = grant.tokens.refreshToken;
    this.options.metadata.batch(() => {
      this.options.metadata.saveAccount(refreshed);
      this.options.history?.record(id, {
        at: this.now(),
        event: 'refreshed',
        outcome: 'ok',
        rotated: Boolean(newRefreshToken && newRefreshToken !== tokens.refreshToken),
      });
    });
    this.changed(id);
    return this.summaryCache?.get(id) ?? this.summarize(refreshed, provider);
  }

  /** Revokes at the provider (RFC 7009). The account stays, marked revoked, until removed. */
  async revoke(id: string): Promise<AccountSummary> {
    const account = this.get(id);
    const provider = this.options.providers.get(account.providerId);
    const availability = this.revokeAvailability(account, provider);
    if (!availability.available) throw new AppError('UNSUPPORTED', availability.reason);
    await this.tokenOperations.run(id, async () => {
      const { tokens, rule } = this.readBoundTokens(this.get(id), provider);
      try {
        const adapter = this.options.providers.adapter(provider);
        if (!adapter.revoke) throw unsupported(provider.name, 'revocation');
        const revoke = adapter.revoke.bind(adapter);
        await sendOnlyTo(rule, () => revoke(tokens));
      } catch (err) {
        const error = toAppError(err, provider.name);
        this.options.history?.record(id, {
          at: this.now(),
          event: 'revoked',
          outcome: 'failed',
          error: error.toInfo(),
        });
        throw error;
      }
      this.options.history?.record(id, { at: this.now(), event: 'revoked', outcome: 'ok' });
    });
    const revoked: AccountRecord = {
      ...this.get(id),
      status: 'revoked',
      // What revoking did not stop (PlaceOS: the access token already issued) stays said.
      statusMessage: [
        `Revoked at ${provider.name}.`,
        ...this.options.providers.adapter(provider).capabilities().notes,
        'Sign in again to use this account, or remove it.',
      ].join(' '),
    };
    this.options.metadata.saveAccount(revoked);
    this.changed(id);
    return this.summaryCache?.get(id) ?? this.summarize(revoked, provider);
  }

  /**
   * Decodes the tokens locally and asks the provider about them (userinfo, introspection).
   * When the provider rejects the access token, refreshes once and asks again.
   */
  async inspect(id: string): Promise<Inspection> {
    const account = this.get(id);
    const provider = this.options.providers.get(account.providerId);
    const bound = this.readBoundTokens(account, provider);
    let tokens = bound.tokens;
    const adapter = this.options.providers.adapter(provider);
    const inspectLive = (current: StoredTokens, record: AccountRecord) =>
      sendOnlyTo(bound.rule, async () => (await adapter.inspect?.(current, record)) ?? []);

    let live = await inspectLive(tokens, account);
    let note: string | undefined;
    if (live.some(isRejectedToken)) {
      if (this.refreshAvailability(account, provider).available) {
        try {
          await this.refresh(id);
          tokens = this.readTokens(this.get(id));
          live = await inspectLive(tokens, this.get(id));
          note = 'The provider rejected the access token, so it was refreshed and checked again.';
        } catch (err) {
          note = `The provider rejected the access token and refreshing failed: ${toAppError(err, provider.name).message}`;
        }
      }
      // A revoked account stays revoked; its rejected token is what the user expects to see.
      if (live.some(isRejectedToken) && this.get(id).status !== 'revoked') {
        this.flagReauth(
          this.get(id),
          new AppError('REAUTH_REQUIRED', 'The provider rejected the access token.'),
        );
      }
    }
    const sections = [...(await decodedTokenSections(tokens, adapter, provider.name)), ...live];
    if (note) sections.unshift({ id: 'note', title: 'Note', status: 'ok', note });
    return { accountId: id, inspectedAt: this.now(), sections };
  }

  async remove(id: string): Promise<void> {
    this.get(id);
    if (this.options.vault.isUnlocked) await this.options.vault.delete(accountVaultId(id));
    this.options.metadata.deleteAccount(id);
    this.options.history?.forget(id);
    this.changed(id);
  }

  async removeAllForProvider(providerId: string): Promise<void> {
    for (const account of this.list().filter((a) => a.providerId === providerId)) {
      await this.remove(account.id);
    }
  }

  rename(id: string, label: string): AccountSummary {
    const trimmed = label.trim();
    if (!trimmed) throw new AppError('INVALID_INPUT', 'The account name cannot be empty.');
    const account = { ...this.get(id), label: trimmed };
    this.options.metadata.saveAccount(account);
    this.changed(id);
    return (
      this.summaryCache?.get(id) ??
      this.summarize(account, this.options.providers.get(account.providerId))
    );
  }

  /** The raw token the user asked to see. Refresh tokens are never revealed. */
  revealToken(id: string, kind: TokenKind): string {
    const tokens = this.readTokens(this.get(id));
    const token = kind === 'access' ? tokens.accessToken : tokens.idToken;
    if (!token) throw new AppError('NOT_FOUND', 'This account has no ID token.');
    return token;
  }

  /** The stored access token, for callers that checked the account themselves (scripts). */
  readAccessToken(id: string): string {
    const tokens = this.options.vault.get<StoredTokens>(accountVaultId(id));
    if (!tokens)
      throw new AppError('NOT_FOUND', 'The tokens of this account are not in the vault.');
    return tokens.accessToken;
  }

  /**
   * A narrower access token for a script (fewer scopes, an audience), by refresh. The account's
   * access token stays; a rotated refresh token is stored, since the old one is spent.
   */
  narrowedToken(
    id: string,
    narrowing: TokenNarrowing,
  ): Promise<{ accessToken: string; expiresAt: number | null }> {
    return this.tokenOperations.run(id, async () => {
      const account = this.get(id);
      const provider = this.options.providers.get(account.providerId);
      const adapter = this.options.providers.adapter(provider);
      if (!adapter.refreshNarrowed) {
        throw new AppError(
          'UNSUPPORTED',
          `${provider.name} cannot issue a token with other scopes or another audience.`,
        );
      }
      const { tokens, rule } = this.readBoundTokens(account, provider);
      let grant: TokenGrant;
      try {
        const narrow = adapter.refreshNarrowed.bind(adapter);
        grant = await sendOnlyTo(rule, () => narrow(tokens, narrowing));
      } catch (err) {
        const error = toAppError(err, provider.name);
        if (error.code === 'REAUTH_REQUIRED') this.flagReauth(account, error);
        throw error;
      }
      const rotated = grant.tokens.refreshToken;
      if (rotated && rotated !== tokens.refreshToken) {
        await this.options.vault.put(
          accountVaultId(id),
          { ...tokens, refreshToken: rotated },
          bindingFor(provider),
        );
      }
      return { accessToken: grant.tokens.accessToken, expiresAt: grant.expiresAt };
    });
  }

  /**
   * A fresh DPoP proof for one request (`method`, `url`) with a DPoP-bound access token of this
   * account (its own, or a narrowed one a script got): what a copied curl command or a script
   * sends next to the token, since the token alone is refused.
   */
  async dpopProof(id: string, method: string, url: string, accessToken?: string): Promise<string> {
    const account = this.get(id);
    const provider = this.options.providers.get(account.providerId);
    if (account.tokenBinding !== 'dpop') {
      throw new AppError(
        'UNSUPPORTED',
        'This account’s token is not DPoP-bound; it needs no proof.',
      );
    }
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new AppError('INVALID_INPUT', 'Enter the full URL the request goes to (https://…).');
    }
    if (!/^https?:$/.test(target.protocol)) {
      throw new AppError('INVALID_INPUT', 'A DPoP proof is for an http(s) URL.');
    }
    if (!/^[A-Za-z]{1,20}$/.test(method)) {
      throw new AppError('INVALID_INPUT', 'The method is a word such as GET or POST.');
    }
    const adapter = this.options.providers.adapter(provider);
    if (!adapter.dpopProof) throw new AppError('UNSUPPORTED', `${provider.name} has no DPoP.`);
    const { tokens } = this.readBoundTokens(account, provider);
    return adapter.dpopProof(tokens, accessToken ?? tokens.accessToken, method, target);
  }

  /**
   * A curl command for one request with a fresh access token (and, for a DPoP-bound token, a
   * fresh proof for exactly that method and URL), for the clipboard.
   */
  async curlCommand(id: string, method: string, url: string): Promise<string> {
    const accessToken = await this.freshToken(id, 'access');
    const dpop = this.get(id).tokenBinding === 'dpop';
    const dpopProof = dpop ? await this.dpopProof(id, method, url, accessToken) : undefined;
    if (!dpop && !/^https?:\/\//i.test(url)) {
      throw new AppError('INVALID_INPUT', 'Enter the full URL the request goes to (https://…).');
    }
    return curlCommand({ method, url, accessToken, ...(dpopProof ? { dpopProof } : {}) });
  }

  /** A token to copy: the access token is refreshed first when it is about to expire. */
  async freshToken(id: string, kind: TokenKind): Promise<string> {
    const account = this.get(id);
    const provider = this.options.providers.get(account.providerId);
    const copy = this.copyAvailability(account);
    if (!copy.available) throw new AppError('UNSUPPORTED', copy.reason);
    const expiring =
      account.expiresAt !== null && account.expiresAt - this.now() < FRESH_TOKEN_MARGIN_MS;
    if (kind === 'access' && expiring && this.refreshAvailability(account, provider).available) {
      await this.refresh(id);
    }
    return this.revealToken(id, kind);
  }

  summarize(account: AccountRecord, provider: ProviderConfig): AccountSummary {
    const refresh = this.refreshAvailability(account, provider);
    const vault = this.options.vault;
    const missing = vault.isUnlocked && !vault.has(accountVaultId(account.id));
    const moved = vault.isUnlocked && !missing ? this.moved(account, provider) : undefined;
    const status = missing ? 'error' : moved ? 'reauth-required' : account.status;
    return {
      id: account.id,
      providerId: account.providerId,
      providerName: provider.name,
      label: account.label,
      subject: account.subject,
      scopes: account.scopes,
      expiresAt: account.expiresAt,
      issuedAt: account.issuedAt,
      lastRefreshedAt: account.lastRefreshedAt,
      status,
      statusMessage: missing
        ? 'The tokens of this account are not in the vault (it was reset or replaced). Sign in again.'
        : moved
          ? movedMessage(provider, moved)
          : account.statusMessage,
      signInMethod: account.signInMethod,
      hasRefreshToken: account.hasRefreshToken,
      hasIdToken: account.hasIdToken,
      tokenBinding: account.tokenBinding ?? null,
      signInNeededBy: account.hasRefreshToken ? account.signInNeededBy : null,
      refreshKind: refresh.kind,
      refreshLabel: refresh.label,
      scripting: {
        shortName: account.shortName,
        access: account.scriptAccess,
        gitHosts: account.gitHosts,
      },
      actions: {
        // Tokens issued elsewhere are not sent to where the provider points now.
        refresh: moved
          ? { available: false, reason: movedMessage(provider, moved) }
          : availabilityOf(refresh),
        revoke: moved
          ? { available: false, reason: movedMessage(provider, moved) }
          : this.revokeAvailability(account, provider),
        inspect: { available: true },
        copy: this.copyAvailability(account),
      },
    };
  }

  private refreshAvailability(
    account: AccountRecord,
    provider: ProviderConfig,
  ): RefreshAvailability {
    const availability = this.options.providers.adapter(provider).refreshAvailability(account);
    if (account.status === 'revoked') {
      return {
        available: false,
        kind: availability.kind,
        label: availability.label,
        reason: 'This account was revoked. Sign in again.',
      };
    }
    return availability;
  }

  private revokeAvailability(account: AccountRecord, provider: ProviderConfig): Availability {
    if (account.status === 'revoked') return { available: false, reason: 'Already revoked.' };
    const adapter = this.options.providers.adapter(provider);
    const declared = adapter.capabilities().revoke;
    // An adapter without the revoke part cannot revoke, whatever its capabilities say.
    return adapter.revoke || !declared.available
      ? declared
      : { available: false, reason: unsupported(provider.name, 'revocation').message };
  }

  private copyAvailability(account: AccountRecord): Availability {
    if (account.status === 'revoked')
      return { available: false, reason: 'This account was revoked.' };
    return { available: true };
  }

  private readTokens(account: AccountRecord): StoredTokens {
    const tokens = this.options.vault.get<StoredTokens>(accountVaultId(account.id));
    if (!tokens) {
      throw new AppError(
        'NOT_FOUND',
        'The tokens of this account are not in the vault (it was reset or replaced). Sign in again.',
      );
    }
    return tokens;
  }

  /** How the provider moved away from where this account's tokens were issued, if it did. */
  private moved(account: AccountRecord, provider: ProviderConfig): string | undefined {
    const binding = this.options.vault.bindingOf(accountVaultId(account.id));
    if (binding === undefined) return undefined;
    // One provider object serves all its accounts in a listing: compute its binding once.
    let current = this.bindings.get(provider);
    if (!current) this.bindings.set(provider, (current = bindingFor(provider)));
    return describeMove(binding, current);
  }

  /**
   * The account's tokens with the rule that keeps them on the server they were issued by.
   * Refused before anything is sent when the provider no longer points there.
   */
  private readBoundTokens(
    account: AccountRecord,
    provider: ProviderConfig,
  ): { tokens: StoredTokens; rule: SendRule } {
    const moved = this.moved(account, provider);
    if (moved) throw new AppError('REAUTH_REQUIRED', movedMessage(provider, moved));
    const tokens = this.readTokens(account);
    const vault = this.options.vault;
    return {
      tokens,
      rule: {
        origins: vault.bindingOf(accountVaultId(account.id))?.origins ?? [],
        what: 'the tokens of this account',
        active: () => vault.isUnlocked,
      },
    };
  }

  private flagReauth(account: AccountRecord, error: AppError): void {
    const detail = error.providerMessage ? ` (${error.providerMessage})` : '';
    this.options.metadata.saveAccount({
      ...account,
      status: 'reauth-required',
      statusMessage: `${error.message}${detail}`,
    });
    this.changed(account.id);
  }

  /** A short name derived from the label, unique among the other accounts. */
  newShortName(label: string, id: string): string {
    const taken = new Set(this.list().flatMap((a) => (a.id === id ? [] : [a.shortName])));
    return uniqueShortName(deriveShortName(label), taken);
  }

  /** Gives accounts saved by earlier versions (no short name yet) one; run at start. */
  assignMissingShortNames(): void {
    for (const account of this.list()) {
      if (account.shortName) continue;
      this.options.metadata.saveAccount({
        ...account,
        shortName: this.newShortName(account.label, account.id),
      });
    }
    this.summaryCache = undefined;
  }

  private defaultLabel(provider: ProviderConfig): string {
    const count = this.list().filter((a) => a.providerId === provider.id).length;
    return `${provider.name} account ${count + 1}`;
  }
}

function movedMessage(provider: ProviderConfig, moved: string): string {
  return `Sign in again: ${moved} since these tokens were issued, and they are only ever sent to the server that issued them (${provider.name}).`;
}

function availabilityOf({
  label: _label,
  kind: _kind,
  ...availability
}: RefreshAvailability): Availability {
  return availability;
}

function isRejectedToken(section: InspectionSection): boolean {
  return section.status === 'error' && section.error?.code === 'REAUTH_REQUIRED';
}

function sameTokens(a: StoredTokens, b: StoredTokens): boolean {
  return (
    a.accessToken === b.accessToken &&
    a.tokenType === b.tokenType &&
    a.refreshToken === b.refreshToken &&
    a.idToken === b.idToken
  );
}
