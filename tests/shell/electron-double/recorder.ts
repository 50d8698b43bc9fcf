/**
 * What the shell did to the Electron double: every call, in order, with arguments reduced to
 * data (functions become '[function]', bytes their length), so a test process can read it.
 */
export interface CallRecord {
  /** `module.member`, e.g. `app.setAsDefaultProtocolClient`, `safeStorage.encryptStringAsync`. */
  call: string;
  args: unknown[];
  /** Whether `ready` had been emitted when the call was made. */
  afterReady: boolean;
}

const calls: CallRecord[] = [];
let ready = false;

export function markReady(): void {
  ready = true;
}

export function isReady(): boolean {
  return ready;
}

export function record(call: string, ...args: unknown[]): void {
  calls.push({ call, args: args.map(toData), afterReady: ready });
}

export function recordedCalls(): CallRecord[] {
  return calls;
}

/** Reduces a value to something structured clone and JSON carry. */
export function toData(value: unknown, depth = 0): unknown {
  if (typeof value === 'function') return '[function]';
  if (value instanceof Uint8Array) return { bytes: value.byteLength };
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[deep]';
  if (Array.isArray(value)) return value.map((v) => toData(v, depth + 1));
  const name = value.constructor?.name;
  if (name && name !== 'Object' && 'recordAs' in value) {
    return (value as { recordAs(): unknown }).recordAs();
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toData(v, depth + 1)]));
}

/** Electron's `Event`: what listeners get to call `preventDefault()` on. */
export function createEvent<P extends object>(
  params: P = {} as P,
): Electron.Event<P> & { defaultPrevented: boolean } {
  const event = {
    ...params,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}
