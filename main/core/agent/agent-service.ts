import type { Socket } from 'node:net';
import type { AgentStatus, PeerProcess } from '../../../contract/domain.ts';
import { AppError } from '../errors.ts';
import type { CoreEvents } from '../events.ts';
import type { AccessLog } from './access-log.ts';
import {
  agentRequestSchema,
  accessTokenRequestSchema,
  gitCredentialRequestSchema,
  requestName,
} from './agent-requests.ts';
import { AGENT_WORDING, failure, type AgentResponse } from './agent-responses.ts';
import { AgentServer, type AgentRequestContext, type AgentServerLimits } from './agent-server.ts';
import type { ConsentService } from './consent-service.ts';
import { exportLine } from './socket-location.ts';
import type { ScriptTokenService } from './script-token-service.ts';

export interface AgentServiceOptions {
  socketPath: string;
  tokens: ScriptTokenService;
  consent: ConsentService;
  log: AccessLog;
  events: CoreEvents;
  /** Whether the user turned "Scripts can request tokens" on. */
  enabled: () => boolean;
  identifyPeer?: (socket: Socket) => Promise<PeerProcess | null>;
  limits?: Partial<AgentServerLimits>;
}

/**
 * Runs the agent socket while the user has scripts enabled, and routes its requests:
 * oidc-agent's `access_token` and `loaded_accounts`, and the `token-desk` command's own.
 */
export class AgentService {
  private readonly options: AgentServiceOptions;
  private server: AgentServer | undefined;
  private problem: string | undefined;
  private transition: Promise<void> = Promise.resolve();

  constructor(options: AgentServiceOptions) {
    this.options = options;
  }

  status(): AgentStatus {
    const running = this.server !== undefined;
    const status: AgentStatus = {
      enabled: this.options.enabled(),
      running,
      socketPath: running ? this.options.socketPath : null,
      exportLine: running ? exportLine(this.options.socketPath) : null,
    };
    if (this.problem) status.problem = this.problem;
    return status;
  }

  /** Starts or stops the socket to match the setting; resolves when done. Never throws. */
  sync(): Promise<void> {
    this.transition = this.transition.then(() => this.apply());
    return this.transition;
  }

  async stop(): Promise<void> {
    this.transition = this.transition.then(async () => {
      this.options.consent.cancelAll();
      await this.server?.stop();
      this.server = undefined;
    });
    await this.transition;
    this.options.log.flush();
  }

  /** One request from the socket, already read and parsed. Exposed for tests of routing. */
  async handle(message: unknown, context: AgentRequestContext): Promise<AgentResponse> {
    switch (requestName(message)) {
      case 'access_token': {
        const parsed = accessTokenRequestSchema.safeParse(message);
        if (!parsed.success)
          return failure(AGENT_WORDING.badRequest(firstIssue(parsed.error)), 'INVALID_INPUT');
        return this.options.tokens.accessToken(parsed.data, {
          applicationHint: parsed.data.application_hint ?? null,
          peer: () => context.peer(),
          signal: context.signal,
        });
      }
      case 'token_desk_git_credential': {
        const parsed = gitCredentialRequestSchema.safeParse(message);
        if (!parsed.success)
          return failure(AGENT_WORDING.badRequest(firstIssue(parsed.error)), 'INVALID_INPUT');
        const account = this.options.tokens.accountForGitHost(parsed.data.host);
        if (!account) {
          return failure(`No account is bound to the git host ${parsed.data.host}`, 'NOT_FOUND');
        }
        const response = await this.options.tokens.accessToken(
          { request: 'access_token', account: account.scripting.shortName, min_valid_period: 60 },
          {
            applicationHint: parsed.data.application_hint ?? 'git',
            peer: () => context.peer(),
            signal: context.signal,
          },
        );
        return response.status === 'success'
          ? { ...response, account: account.scripting.shortName }
          : response;
      }
      default: {
        const parsed = agentRequestSchema.safeParse(message);
        if (!parsed.success)
          return failure(AGENT_WORDING.badRequest('unknown request'), 'INVALID_INPUT');
        const usable = this.options.tokens.usableAccounts();
        if (parsed.data.request === 'loaded_accounts') {
          return { status: 'success', info: usable.map((a) => a.scripting.shortName) };
        }
        return {
          status: 'success',
          accounts: usable.map((a) => ({
            short_name: a.scripting.shortName,
            label: a.label,
            provider: a.providerName,
            issuer: this.options.tokens.issuerOf(a),
            expires_at: a.expiresAt === null ? 0 : Math.floor(a.expiresAt / 1000),
            access: a.scripting.access,
            status: a.status,
          })),
        };
      }
    }
  }

  private async apply(): Promise<void> {
    const wanted = this.options.enabled();
    if (wanted && !this.server) {
      const server = new AgentServer({
        socketPath: this.options.socketPath,
        handle: (message, context) => this.handle(message, context),
        ...(this.options.identifyPeer ? { identifyPeer: this.options.identifyPeer } : {}),
        ...(this.options.limits ? { limits: this.options.limits } : {}),
      });
      try {
        await server.start();
        this.server = server;
        this.problem = undefined;
      } catch (err) {
        const why = err instanceof AppError ? err.message : describe(err);
        this.problem = `Scripts cannot reach Token Desk: ${why}`;
      }
    } else if (!wanted && this.server) {
      this.options.consent.cancelAll();
      await this.server.stop();
      this.server = undefined;
      this.problem = undefined;
    }
    this.options.events.emit('agent:changed', this.status());
  }
}

function firstIssue(error: { issues: readonly { message: string }[] }): string {
  return error.issues[0]?.message ?? 'invalid request';
}

function describe(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string'
    ? `the socket could not be opened (${code})`
    : 'the socket could not be opened';
}
