import { record, isReady } from './recorder.ts';

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

/** Electron's `protocol`: privileged schemes before `ready`, handlers after. */
export class ProtocolDouble implements Pick<
  Electron.Protocol,
  'registerSchemesAsPrivileged' | 'handle' | 'isProtocolHandled'
> {
  readonly privileged: Electron.CustomScheme[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();

  registerSchemesAsPrivileged(customSchemes: Electron.CustomScheme[]): void {
    record('protocol.registerSchemesAsPrivileged', customSchemes);
    if (isReady()) {
      throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    }
    this.privileged.push(...customSchemes);
  }

  handle(scheme: string, handler: ProtocolHandler): void {
    record('protocol.handle', scheme);
    if (!isReady()) throw new Error('protocol.handle can only be used after app is ready');
    if (this.handlers.has(scheme)) throw new Error(`The scheme "${scheme}" is already handled`);
    this.handlers.set(scheme, handler);
  }

  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }

  /** What Chromium does for a request to a handled scheme. */
  async fetch(url: string, method = 'GET'): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1);
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${scheme})`);
    return await handler(new Request(url, { method }));
  }
}

export const protocol = new ProtocolDouble();
