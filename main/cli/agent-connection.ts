import { connect } from 'node:net';

/** The longest a request may take: a prompt waits up to 60 s for the user. */
const REQUEST_TIMEOUT_MS = 75_000;
const MAX_RESPONSE_BYTES = 1024 * 1024;

export type AgentReply = { status: string; error?: string; error_code?: string } & Record<
  string,
  unknown
>;

/** Why the app could not be asked at all (as opposed to a refusal it sent). */
export class AgentUnreachable extends Error {}

/** One plain-JSON request to the app's agent socket; resolves with its reply. */
export function askAgent(
  socketPath: string,
  request: Record<string, unknown>,
): Promise<AgentReply> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new AgentUnreachable('Token Desk did not answer in time.'));
    }, REQUEST_TIMEOUT_MS);
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) socket.destroy(new Error('reply too large'));
      else chunks.push(chunk);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const missing = err.code === 'ENOENT' || err.code === 'ECONNREFUSED';
      reject(
        new AgentUnreachable(
          missing
            ? `Token Desk is not running, or "Scripts can request tokens" is off (no socket at ${socketPath}).`
            : `Could not talk to Token Desk at ${socketPath} (${err.code ?? err.message}).`,
        ),
      );
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (size > MAX_RESPONSE_BYTES) return;
      try {
        const reply = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        if (
          !reply ||
          typeof reply !== 'object' ||
          typeof (reply as AgentReply).status !== 'string'
        ) {
          throw new Error('not an agent reply');
        }
        resolve(reply as AgentReply);
      } catch {
        reject(new AgentUnreachable('Token Desk sent a reply this command cannot read.'));
      }
    });
  });
}
