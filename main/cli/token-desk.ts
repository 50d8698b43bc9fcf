import { parseArgs } from 'node:util';
import { defaultSocketPath } from '../core/agent/socket-location.ts';
import { AgentUnreachable, askAgent, type AgentReply } from './agent-connection.ts';
import { formatToken, TOKEN_FORMATS, type TokenFormat } from './token-formats.ts';

/**
 * `token-desk`: tokens from the running app for scripts, kubectl and git, over the same socket
 * oidc-agent clients use (plain JSON). Prints only what was asked on stdout; any failure is
 * one line on stderr (never a secret) and a non-zero exit status.
 */

export const USAGE = `Usage:
  token-desk token <account> [--min-valid SECONDS] [--scope SCOPES] [--audience AUD]
                             [--format raw|header|json|env|exec-credential]
                             [--dpop-url URL [--dpop-method METHOD]]  (DPoP-bound accounts)
  token-desk accounts
  token-desk git-credential get|store|erase

The app must be running with "Scripts can request tokens" on. The socket is $OIDC_SOCK,
or Token Desk's default location.`;

/** Exit statuses a script can tell apart. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  unreachable: 3,
  locked: 4,
  refused: 5,
  notFound: 6,
  provider: 7,
} as const;

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: AsyncIterable<Buffer | string>;
  env: NodeJS.ProcessEnv;
}

class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Runs one command line; resolves with the exit status. */
export async function runTokenDesk(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    const socketPath = io.env['OIDC_SOCK'] || defaultSocketPath(io.env);
    switch (command) {
      case 'token':
        io.stdout.write(await tokenCommand(rest, socketPath));
        return EXIT.ok;
      case 'accounts':
        if (rest.length) throw new CliError('accounts takes no arguments', EXIT.usage);
        io.stdout.write(await accountsCommand(socketPath));
        return EXIT.ok;
      case 'git-credential':
        io.stdout.write(await gitCredentialCommand(rest, socketPath, io.stdin));
        return EXIT.ok;
      case '--help':
      case '-h':
      case 'help':
        io.stdout.write(`${USAGE}\n`);
        return EXIT.ok;
      default:
        throw new CliError(
          command
            ? `unknown command "${command}" (see token-desk --help)`
            : 'no command (see token-desk --help)',
          EXIT.usage,
        );
    }
  } catch (err) {
    const [message, code] =
      err instanceof CliError
        ? [err.message, err.exitCode]
        : err instanceof AgentUnreachable
          ? [err.message, EXIT.unreachable]
          : [err instanceof Error ? err.message : 'failed', EXIT.failed];
    io.stderr.write(`token-desk: ${oneLine(message)}\n`);
    return code;
  }
}

async function tokenCommand(args: readonly string[], socketPath: string): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        'min-valid': { type: 'string' },
        scope: { type: 'string' },
        audience: { type: 'string' },
        format: { type: 'string', default: 'raw' },
        'dpop-url': { type: 'string' },
        'dpop-method': { type: 'string' },
      },
    });
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new CliError('token needs exactly one account', EXIT.usage);
  const format = values.format as TokenFormat;
  if (!TOKEN_FORMATS.includes(format)) {
    throw new CliError(`--format must be one of ${TOKEN_FORMATS.join(', ')}`, EXIT.usage);
  }
  const minValid = values['min-valid'];
  if (minValid !== undefined && !/^\d{1,9}$/.test(minValid)) {
    throw new CliError('--min-valid takes a number of seconds', EXIT.usage);
  }
  const account = positionals[0]!;
  const reply = await askAgent(socketPath, {
    request: 'access_token',
    account,
    application_hint: 'token-desk',
    ...(minValid !== undefined ? { min_valid_period: Number(minValid) } : {}),
    ...(values.scope ? { scope: values.scope } : {}),
    ...(values.audience ? { audience: values.audience } : {}),
    ...(values['dpop-url'] ? { dpop_url: values['dpop-url'] } : {}),
    ...(values['dpop-method'] ? { dpop_method: values['dpop-method'] } : {}),
  });
  const ok = succeeded(reply);
  return formatToken(
    {
      accessToken: String(ok['access_token']),
      expiresAt:
        typeof ok['expires_at'] === 'number' && ok['expires_at'] > 0 ? ok['expires_at'] : null,
      issuer: typeof ok['issuer'] === 'string' ? ok['issuer'] : '',
      account,
      ...(ok['token_type'] === 'DPoP' ? { tokenType: 'DPoP' as const } : {}),
      ...(typeof ok['dpop_proof'] === 'string' ? { dpopProof: ok['dpop_proof'] } : {}),
    },
    format,
  );
}

interface ListedAccount {
  short_name: string;
  provider: string;
  expires_at: number;
  access: string;
  status: string;
}

async function accountsCommand(socketPath: string): Promise<string> {
  const reply = succeeded(await askAgent(socketPath, { request: 'token_desk_accounts' }));
  const accounts = Array.isArray(reply['accounts']) ? (reply['accounts'] as ListedAccount[]) : [];
  if (accounts.length === 0) {
    return 'No account allows scripts yet: set "Script access" in an account\'s settings.\n';
  }
  const rows = accounts.map((a) => [
    a.short_name,
    a.provider,
    a.expires_at > 0 ? new Date(a.expires_at * 1000).toISOString() : 'no expiry',
    a.status === 'active' ? a.access : `${a.access}, ${a.status}`,
  ]);
  const header = ['SHORT NAME', 'PROVIDER', 'EXPIRES', 'ACCESS'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((r) =>
      r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '),
    )
    .join('\n')
    .concat('\n');
}

/** git's credential helper protocol: key=value lines on stdin, answered on stdout. */
async function gitCredentialCommand(
  args: readonly string[],
  socketPath: string,
  stdin: AsyncIterable<Buffer | string>,
): Promise<string> {
  const [operation] = args;
  if (args.length !== 1 || !['get', 'store', 'erase'].includes(operation!)) {
    throw new CliError('git-credential takes one of get, store, erase', EXIT.usage);
  }
  const fields = await readCredentialFields(stdin);
  // Token Desk keeps its own tokens fresh; what git stores or forgets is not its business.
  if (operation !== 'get') return '';
  const host = fields.get('host');
  if (!host) return '';
  const reply = await askAgent(socketPath, {
    request: 'token_desk_git_credential',
    host,
    ...(fields.has('protocol') ? { protocol: fields.get('protocol') } : {}),
    application_hint: 'git',
  });
  // No account bound to this host: say nothing, so git asks its next helper or the user.
  if (reply.status !== 'success' && reply.error_code === 'NOT_FOUND') return '';
  const ok = succeeded(reply);
  const lines = [
    `username=${fields.get('username') ?? 'oauth2'}`,
    `password=${String(ok['access_token'])}`,
  ];
  if (typeof ok['expires_at'] === 'number' && ok['expires_at'] > 0) {
    lines.push(`password_expiry_utc=${ok['expires_at']}`);
  }
  return `${lines.join('\n')}\n`;
}

async function readCredentialFields(
  stdin: AsyncIterable<Buffer | string>,
): Promise<Map<string, string>> {
  let text = '';
  for await (const chunk of stdin) {
    text += chunk.toString();
    if (text.length > 64 * 1024) throw new CliError('credential input too long', EXIT.usage);
    if (/\n\n/.test(text)) break;
  }
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line) break;
    const at = line.indexOf('=');
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1));
  }
  return fields;
}

function succeeded(reply: AgentReply): AgentReply {
  if (reply.status === 'success') return reply;
  const message = typeof reply.error === 'string' ? reply.error : 'Token Desk refused the request';
  throw new CliError(message, exitCodeFor(reply.error_code));
}

function exitCodeFor(code: string | undefined): number {
  switch (code) {
    case 'VAULT_LOCKED':
      return EXIT.locked;
    case 'ACCESS_DENIED':
    case 'SCRIPT_ACCESS_OFF':
      return EXIT.refused;
    case 'NOT_FOUND':
      return EXIT.notFound;
    case 'NETWORK':
    case 'TIMEOUT':
    case 'PROVIDER_ERROR':
    case 'REAUTH_REQUIRED':
      return EXIT.provider;
    case 'INVALID_INPUT':
      return EXIT.usage;
    default:
      return EXIT.failed;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
