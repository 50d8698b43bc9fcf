import { randomUUID } from 'node:crypto';
import * as client from 'openid-client';
import type { SignInFlow, SignInStartInput } from '../../../preload/api.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { AppError, toAppError } from '../errors.ts';
import type { CoreEvents } from '../events.ts';
import type { ProviderConfig } from '../model.ts';
import type { ProviderService } from '../providers/provider-service.ts';
import type { TokenVault } from '../vault/token-vault.ts';
import { startLoopbackListener, type LoopbackListener } from './loopback-listener.ts';
import { PendingAuthorizations, type DeliveryOutcome } from './pending-authorizations.ts';

export interface SignInServiceOptions {
  appName: string;
  customScheme: string;
  callbackPath: string;
  vault: TokenVault;
  providers: ProviderService;
  accounts: AccountService;
  events: CoreEvents;
  /** Opens a URL in the system browser (Electron `shell.openExternal`). Only called with URLs built here. */
  openExternal: (url: string) => Promise<void>;
  /** How long a user has to finish signing in in the browser. */
  timeoutMs: number;
  now?: () => number;
}

/** Finished flows stay listed this long so the UI can show how they ended. */
const KEEP_FINISHED_MS = 2 * 60 * 1000;

/**
 * Browser sign-in (authorization code + PKCE, RFC 8252): starts a flow, opens the system
 * browser, waits for the redirect on the loopback listener or the custom scheme, exchanges
 * the code and stores the account.
 */
export class SignInService {
  private readonly options: SignInServiceOptions;
  private readonly pending = new PendingAuthorizations();
  private readonly flows = new Map<string, SignInFlow>();
  private readonly now: () => number;

  constructor(options: SignInServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  list(): SignInFlow[] {
    return [...this.flows.values()];
  }

  /** Starts a sign-in and returns once the browser was asked to open; the rest arrives as events. */
  async start(input: SignInStartInput): Promise<SignInFlow> {
    const provider = this.options.providers.get(input.providerId);
    if (!this.options.vault.isUnlocked) {
      throw new AppError(
        'VAULT_LOCKED',
        'Unlock the vault first: the new tokens have to be stored in it.',
      );
    }
    if (input.accountId) {
      const account = this.options.accounts.get(input.accountId);
      if (account.providerId !== provider.id) {
        throw new AppError('INVALID_INPUT', 'That account belongs to another provider.');
      }
    }
    const adapter = this.options.providers.adapter(provider);
    if (!adapter.capabilities().signIn.includes(input.method)) {
      throw new AppError(
        'UNSUPPORTED',
        `${provider.name} has no authorization endpoint, so a browser sign-in is not possible.`,
      );
    }

    const flowId = randomUUID();
    const state = client.randomState();
    const codeVerifier = client.randomPKCECodeVerifier();
    let listener: LoopbackListener | undefined;
    try {
      let redirectUri: string;
      if (provider.redirectKind === 'loopback') {
        listener = await startLoopbackListener(
          (url) => this.pending.deliver(url),
          this.options.appName,
        );
        redirectUri = listener.redirectUri;
      } else {
        redirectUri = `${this.options.customScheme}:${this.options.callbackPath}`;
      }
      const pending = {
        state,
        flowId,
        providerId: provider.id,
        codeVerifier,
        nonce: client.randomNonce(),
        redirectUri,
        redirectKind: provider.redirectKind,
      };
      const url = await adapter.buildAuthorizationUrl({
        redirectUri,
        state,
        nonce: pending.nonce,
        codeChallenge: await client.calculatePKCECodeChallenge(codeVerifier),
      });

      const startedAt = this.now();
      const flow: SignInFlow = {
        id: flowId,
        providerId: provider.id,
        providerName: provider.name,
        method: input.method,
        redirectKind: provider.redirectKind,
        status: 'waiting',
        startedAt,
        expiresAt: startedAt + this.options.timeoutMs,
        authorizationUrl: url.href,
      };
      if (input.accountId) flow.accountId = input.accountId;
      const redirect = this.pending.register(
        pending,
        this.options.timeoutMs,
        this.timeoutMessage(provider),
      );
      this.update(flow);
      const finished = listener;
      void redirect
        .then(async ({ url: received }) => {
          this.update({ ...flow, status: 'exchanging' });
          // The token request's redirect_uri must be exactly the one sent; rebuild it from ours.
          const callbackUrl = new URL(redirectUri);
          callbackUrl.search = received.search;
          callbackUrl.hash = received.hash;
          const grant = await adapter.authorizationCodeGrant(callbackUrl, pending);
          const account = await this.options.accounts.saveSignIn(
            provider,
            grant,
            input.method,
            input.accountId,
          );
          this.update({ ...flow, status: 'succeeded', accountId: account.id });
        })
        .catch((err: unknown) => {
          const error = toAppError(err, provider.name);
          this.update({
            ...flow,
            status: error.code === 'CANCELLED' ? 'cancelled' : 'failed',
            error: error.toInfo(),
          });
        })
        .finally(() => void finished?.close());

      try {
        await this.options.openExternal(url.href);
      } catch (err) {
        this.pending.cancel(flowId);
        throw new AppError(
          'INTERNAL',
          'The system browser could not be opened. Copy the sign-in link from the app instead.',
          {
            cause: err,
          },
        );
      }
      return flow;
    } catch (err) {
      await listener?.close();
      throw toAppError(err, provider.name);
    }
  }

  cancel(flowId: string): void {
    if (!this.pending.cancel(flowId)) {
      throw new AppError('NOT_FOUND', 'That sign-in is no longer waiting.');
    }
  }

  /** Delivers a custom-scheme redirect (from `open-url` or `second-instance`). */
  handleRedirectUrl(url: string): DeliveryOutcome {
    return this.pending.deliver(url);
  }

  dispose(): void {
    this.pending.dispose();
  }

  private timeoutMessage(provider: ProviderConfig): string {
    return `The sign-in at ${provider.name} was not completed in time. Start it again when you are ready.`;
  }

  private update(flow: SignInFlow): void {
    this.flows.set(flow.id, flow);
    if (flow.status !== 'waiting' && flow.status !== 'exchanging') {
      setTimeout(() => {
        if (this.flows.get(flow.id) === flow) {
          this.flows.delete(flow.id);
          this.options.events.emit('signIn:changed', this.list());
        }
      }, KEEP_FINISHED_MS).unref();
    }
    this.options.events.emit('signIn:changed', this.list());
  }
}
