import { randomUUID } from 'node:crypto';
import { loadOpenIdClient } from '../providers/openid/openid-client.ts';
import type { SignInFlow, SignInStartInput } from '../../../contract/domain.ts';
import type { AccountService } from '../accounts/account-service.ts';
import { AppError, toAppError } from '../errors.ts';
import type { CoreEvents } from '../events.ts';
import type { ProviderConfig, TokenGrant } from '../model.ts';
import {
  requireSignIn,
  unsupported,
  type DirectSignIn,
  type ProviderAdapter,
} from '../providers/provider-adapter.ts';
import type { ProviderService } from '../providers/provider-service.ts';
import { parseProviderUrl } from '../providers/urls.ts';
import type { TokenVault } from '../vault/token-vault.ts';
import { startLoopbackListener, type LoopbackListener } from './loopback-listener.ts';
import {
  PendingAuthorizations,
  type DeliveryOutcome,
  type PendingAuthorization,
} from './pending-authorizations.ts';

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

type BrowserStart = { accountId?: string; method: 'authorization-code' | 'implicit' };

/**
 * Every way to sign in: in the system browser (authorization code + PKCE, or implicit; RFC
 * 8252 redirects), with a device code (RFC 8628), or directly (client credentials, password,
 * token import). Browser and device flows report their progress as `signIn:changed` events.
 */
export class SignInService {
  private readonly options: SignInServiceOptions;
  private readonly pending = new PendingAuthorizations();
  private readonly flows = new Map<string, SignInFlow>();
  /** How to stop each flow that is still waiting, and the URL "open in browser" shows. */
  private readonly active = new Map<string, { cancel: () => void; browserUrl: string }>();
  private readonly now: () => number;

  constructor(options: SignInServiceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  list(): SignInFlow[] {
    return [...this.flows.values()];
  }

  /**
   * Starts a sign-in. Browser and device flows return while waiting (the rest arrives as
   * events); direct sign-ins return once the account is stored.
   */
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
    requireSignIn(adapter.capabilities(), input.method, provider.name);

    switch (input.method) {
      case 'authorization-code':
      case 'implicit':
        return this.startInBrowser(provider, adapter, {
          method: input.method,
          ...(input.accountId ? { accountId: input.accountId } : {}),
        });
      case 'device-code':
        return this.startDeviceFlow(provider, adapter, input.accountId);
      case 'client-credentials':
        return this.signInDirectly(
          provider,
          adapter,
          { method: 'client-credentials' },
          input.accountId,
        );
      case 'password':
        return this.signInDirectly(
          provider,
          adapter,
          {
            method: 'password',
            username: input.username,
            password: input.password,
            ...(input.mobile ? { mobile: input.mobile } : {}),
          },
          input.accountId,
        );
      case 'token-import':
        return this.signInDirectly(
          provider,
          adapter,
          { method: 'token-import', token: input.token },
          input.accountId,
        );
    }
  }

  cancel(flowId: string): void {
    const active = this.active.get(flowId);
    if (!active) throw new AppError('NOT_FOUND', 'That sign-in is no longer waiting.');
    active.cancel();
  }

  /** Opens a waiting flow's page again: the authorization URL, or the device verification URL. */
  async openInBrowser(flowId: string): Promise<void> {
    const active = this.active.get(flowId);
    if (!active) throw new AppError('NOT_FOUND', 'That sign-in is no longer waiting.');
    await this.openExternal(active.browserUrl);
  }

  /** Delivers a custom-scheme redirect (from `open-url` or `second-instance`). */
  handleRedirectUrl(url: string): DeliveryOutcome {
    return this.pending.deliver(url, 'custom-scheme');
  }

  dispose(): void {
    for (const active of [...this.active.values()]) active.cancel();
  }

  private async startInBrowser(
    provider: ProviderConfig,
    adapter: ProviderAdapter,
    input: BrowserStart,
  ): Promise<SignInFlow> {
    const flowId = randomUUID();
    const oidc = await loadOpenIdClient();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    let listener: LoopbackListener | undefined;
    try {
      let redirectUri: string;
      if (provider.redirectKind === 'loopback') {
        listener = await startLoopbackListener(
          (url) => this.pending.deliver(url, 'loopback'),
          this.options.appName,
        );
        redirectUri = listener.redirectUri;
      } else {
        redirectUri = `${this.options.customScheme}:${this.options.callbackPath}`;
      }
      const pending: PendingAuthorization = {
        state: oidc.randomState(),
        flowId,
        method: input.method,
        codeVerifier,
        nonce: oidc.randomNonce(),
      };
      const browser = partOf(adapter.browserSignIn, provider, 'browser sign-in');
      const url = await browser.authorizationUrl({
        method: input.method,
        redirectUri,
        state: pending.state,
        nonce: pending.nonce,
        codeChallenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      });

      const flow = this.newFlow(
        provider,
        input.method,
        this.now() + this.options.timeoutMs,
        input.accountId,
        flowId,
      );
      flow.authorizationUrl = url.href;
      const redirect = this.pending.register(
        pending,
        this.options.timeoutMs,
        adapter.signInTimeoutMessage?.() ??
          `The sign-in at ${provider.name} was not completed in time. Start it again when you are ready.`,
      );
      this.active.set(flowId, { cancel: () => this.pending.cancel(flowId), browserUrl: url.href });
      this.update(flow);
      const opened = listener;
      void this.finishInBackground(flow, provider, async () => {
        const delivered = await redirect;
        this.update({ ...flow, status: 'exchanging' });
        // The token request's redirect_uri must be exactly the one sent; rebuild it from ours.
        const callbackUrl = new URL(redirectUri);
        callbackUrl.search = delivered.url.search;
        callbackUrl.hash = delivered.url.hash;
        return browser.complete({ ...delivered, url: callbackUrl }, pending);
      }).finally(() => void opened?.close());

      try {
        await this.openExternal(url.href);
      } catch (err) {
        this.pending.cancel(flowId);
        throw err;
      }
      return flow;
    } catch (err) {
      await listener?.close();
      throw toAppError(err, provider.name);
    }
  }

  private async startDeviceFlow(
    provider: ProviderConfig,
    adapter: ProviderAdapter,
    accountId?: string,
  ): Promise<SignInFlow> {
    const device = await partOf(
      adapter.deviceSignIn?.bind(adapter),
      provider,
      'the device sign-in',
    )();
    const showUrl = device.verificationUriComplete ?? device.verificationUri;
    // The provider chose these URLs; open and show only http(s) ones (never file:, javascript:…).
    parseProviderUrl(device.verificationUri, `${provider.name}'s verification URL`);
    parseProviderUrl(showUrl, `${provider.name}'s verification URL`);

    const flow = this.newFlow(provider, 'device-code', device.expiresAt, accountId);
    flow.device = {
      userCode: device.userCode,
      verificationUri: device.verificationUri,
      ...(device.verificationUriComplete
        ? { verificationUriComplete: device.verificationUriComplete }
        : {}),
      // Loaded when a device code is first shown: start-up needs no QR code library.
      qrSvg: await (
        await import('qrcode')
      ).default.toString(showUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
      intervalSeconds: device.intervalSeconds,
    };
    const controller = new AbortController();
    this.active.set(flow.id, { cancel: () => controller.abort(), browserUrl: showUrl });
    this.update(flow);
    void this.finishInBackground(flow, provider, async () => {
      try {
        return await device.poll(controller.signal);
      } catch (err) {
        if (controller.signal.aborted)
          throw new AppError('CANCELLED', 'The sign-in was cancelled.');
        throw err;
      }
    });
    return flow;
  }

  private async signInDirectly(
    provider: ProviderConfig,
    adapter: ProviderAdapter,
    request: DirectSignIn,
    accountId?: string,
  ): Promise<SignInFlow> {
    let grant: TokenGrant;
    try {
      grant = await partOf(
        adapter.directSignIn?.bind(adapter),
        provider,
        `the ${request.method} sign-in`,
      )(request);
    } catch (err) {
      throw toAppError(err, provider.name);
    }
    const account = await this.options.accounts.saveSignIn(
      provider,
      grant,
      request.method,
      accountId,
    );
    const flow = {
      ...this.newFlow(provider, request.method, this.now(), accountId),
      status: 'succeeded' as const,
      accountId: account.id,
    };
    this.update(flow);
    return flow;
  }

  /** Waits for a flow's grant, stores the account and reports how the flow ended. */
  private finishInBackground(
    flow: SignInFlow,
    provider: ProviderConfig,
    obtain: () => Promise<TokenGrant>,
  ): Promise<void> {
    return obtain()
      .then(async (grant) => {
        const account = await this.options.accounts.saveSignIn(
          provider,
          grant,
          flow.method,
          flow.accountId,
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
      .finally(() => this.active.delete(flow.id));
  }

  private newFlow(
    provider: ProviderConfig,
    method: SignInFlow['method'],
    expiresAt: number,
    accountId?: string,
    id: string = randomUUID(),
  ): SignInFlow {
    const flow: SignInFlow = {
      id,
      providerId: provider.id,
      providerName: provider.name,
      method,
      redirectKind: provider.redirectKind,
      status: 'waiting',
      startedAt: this.now(),
      expiresAt,
    };
    if (accountId) flow.accountId = accountId;
    return flow;
  }

  private async openExternal(url: string): Promise<void> {
    try {
      await this.options.openExternal(url);
    } catch (err) {
      throw new AppError(
        'INTERNAL',
        'The system browser could not be opened. Copy the link from the app instead.',
        {
          cause: err,
        },
      );
    }
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

/**
 * The adapter part a sign-in needs. The capabilities were checked first; an adapter that offers
 * a sign-in without the part for it gets the same UNSUPPORTED answer instead of a crash.
 */
function partOf<T>(part: T | undefined, provider: ProviderConfig, what: string): T {
  if (part === undefined) throw unsupported(provider.name, what);
  return part;
}
