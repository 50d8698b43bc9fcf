import { chmod, unlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import type { PeerProcess } from '../../../contract/domain.ts';
import { acceptClientKey, loadSodium, type CryptSession } from './ipc-crypto.ts';
import { readFirstMessage, readSealedMessage } from './message-reader.ts';
import { failure, type AgentResponse } from './agent-responses.ts';
import { prepareSocketPath } from './socket-location.ts';

export interface AgentRequestContext {
  /** The requesting process where the OS tells (Linux), else null. Computed on first call. */
  peer(): Promise<PeerProcess | null>;
  /** Aborted when the client hangs up while its request is being answered. */
  signal: AbortSignal;
  /** Whether the request came encrypted (oidc-agent's own clients) or as plain JSON. */
  encrypted: boolean;
}

export type AgentRequestHandler = (
  request: unknown,
  context: AgentRequestContext,
) => Promise<AgentResponse>;

export interface AgentServerLimits {
  /** Connections served at once; more are answered with a failure and closed. */
  maxConnections: number;
  /** Bytes one message may have; a larger one is refused without reading it to the end. */
  maxRequestBytes: number;
  /** Time a client has to send each message (not the time its answer takes). */
  readTimeoutMs: number;
}

export const DEFAULT_AGENT_LIMITS: AgentServerLimits = {
  maxConnections: 64,
  maxRequestBytes: 64 * 1024,
  readTimeoutMs: 5_000,
};

export interface AgentServerOptions {
  socketPath: string;
  handle: AgentRequestHandler;
  identifyPeer?: (socket: Socket) => Promise<PeerProcess | null>;
  limits?: Partial<AgentServerLimits>;
}

/**
 * The agent socket: one request per connection, as oidc-agent's clients expect, answered and
 * closed. Reads are bounded (size, time, connection count) so a misbehaving client cannot
 * hold the app; what a request means is the handler's business.
 */
export class AgentServer {
  readonly socketPath: string;
  private readonly options: AgentServerOptions;
  private readonly limits: AgentServerLimits;
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;

  constructor(options: AgentServerOptions) {
    this.options = options;
    this.socketPath = options.socketPath;
    this.limits = { ...DEFAULT_AGENT_LIMITS, ...options.limits };
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /** Creates the 0700 folder, listens, and makes the socket 0600. */
  async start(): Promise<void> {
    if (this.server) return;
    await loadSodium();
    await prepareSocketPath(this.socketPath);
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // A deep accept queue: a burst of clients (a build starting 200 jobs) waits, not fails.
      server.listen({ path: this.socketPath, backlog: 1024 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => undefined);
    this.server = server;
    if (process.platform !== 'win32') await chmod(this.socketPath, 0o600);
  }

  /** Stops listening, drops open connections and removes the socket file. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (process.platform !== 'win32') await unlink(this.socketPath).catch(() => undefined);
  }

  private accept(socket: Socket): void {
    socket.on('error', () => undefined);
    if (this.sockets.size >= this.limits.maxConnections) {
      socket.end(JSON.stringify(failure('Too many connections to Token Desk; try again.')));
      return;
    }
    this.sockets.add(socket);
    const aborter = new AbortController();
    socket.once('close', () => {
      this.sockets.delete(socket);
      clearTimeout(timer);
      aborter.abort();
    });

    const decoder = new StringDecoder('utf8');
    let buffer = '';
    let bytes = 0;
    let stage: 'first' | 'sealed' | 'answering' = 'first';
    let session: CryptSession | undefined;
    let timer = this.readTimer(socket);

    const refuse = (error: string) => {
      stage = 'answering';
      clearTimeout(timer);
      socket.end(JSON.stringify(failure(error)));
      // A client that keeps sending after the refusal is cut off.
      socket.destroySoon();
    };

    let peer: Promise<PeerProcess | null> | undefined;
    const answer = (request: unknown, encrypted: boolean) => {
      stage = 'answering';
      clearTimeout(timer);
      const context: AgentRequestContext = {
        peer: () => (peer ??= this.options.identifyPeer?.(socket) ?? Promise.resolve(null)),
        signal: aborter.signal,
        encrypted,
      };
      void this.options
        .handle(request, context)
        .catch(() => failure('Internal error in Token Desk.'))
        .then((response) => {
          if (socket.destroyed) return;
          const text = JSON.stringify(response);
          socket.end(session ? session.encrypt(text) : text);
        });
    };

    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (stage === 'answering') {
        // One request per connection; extra bytes are ignored, a flood is cut off.
        if (bytes > this.limits.maxRequestBytes) socket.destroy();
        return;
      }
      if (bytes > this.limits.maxRequestBytes) {
        refuse(`Bad Request: message larger than ${this.limits.maxRequestBytes} bytes`);
        return;
      }
      buffer += decoder.write(chunk);
      if (stage === 'first') {
        const message = readFirstMessage(buffer);
        if (message.kind === 'incomplete') return;
        if (message.kind === 'invalid') return refuse(`Bad Request: ${message.reason}`);
        if (message.kind === 'json') return answer(message.value, false);
        session = acceptClientKey(message.key) ?? undefined;
        if (!session) return refuse('received suspicious public key');
        stage = 'sealed';
        buffer = '';
        bytes = 0;
        clearTimeout(timer);
        timer = this.readTimer(socket);
        socket.write(session.publicKey);
        return;
      }
      const sealed = readSealedMessage(buffer);
      if (sealed.kind === 'incomplete') return;
      const plain = sealed.kind === 'sealed' ? session?.decrypt(sealed.text) : null;
      let request: unknown;
      try {
        request = plain ? (JSON.parse(plain) as unknown) : undefined;
      } catch {
        request = undefined;
      }
      if (request === undefined) {
        session = undefined;
        return refuse('internal error: ipc encrypted message malformed');
      }
      answer(request, true);
    });
  }

  private readTimer(socket: Socket): NodeJS.Timeout {
    return setTimeout(() => {
      socket.end(JSON.stringify(failure('Request timed out: the client sent too little.')));
      socket.destroySoon();
    }, this.limits.readTimeoutMs);
  }
}
