/**
 * Names shared by the browser host (Node) and the bridge (page): the one binding that carries
 * invokes to the handler table and the dispatcher the host calls to push core events.
 */
export const INVOKE_BINDING = '__tokenDeskInvoke';
export const EVENT_DISPATCHER = '__tokenDeskDispatch';

/**
 * Results and event payloads cross from the host to the page as one JSON string. Playwright
 * serializes structured values node by node (in Node, then again in the page, on its main
 * thread): a 1,000-account list took about 300 ms that way, against a few ms for a string
 * and `JSON.parse`, which is about what Electron's structured clone costs. The contract's
 * values are plain JSON data (no Dates, Maps or binary), so nothing is lost.
 */
export function toWire(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

export function fromWire(wire: unknown): unknown {
  return typeof wire === 'string' ? (JSON.parse(wire) as unknown) : undefined;
}
