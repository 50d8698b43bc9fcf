/**
 * The windowing of a long list of rows, cut into chunks: which chunks are in the page. Pure, so
 * the component only observes and measures.
 */

/**
 * The chunks to have in the page: those near the visible part, and those that must stay
 * (`pinned`: the keyboard focus or an open dialog is in them). The same set object when
 * nothing changed, so a caller can skip the re-render.
 */
export function chunksToShow({
  shown,
  near,
  pinned,
}: {
  shown: ReadonlySet<number>;
  near: Iterable<number>;
  pinned: (chunk: number) => boolean;
}): ReadonlySet<number> {
  const next = new Set(near);
  for (const chunk of shown) if (!next.has(chunk) && pinned(chunk)) next.add(chunk);
  const same = next.size === shown.size && [...next].every((chunk) => shown.has(chunk));
  return same ? shown : next;
}

/**
 * The chunks `from`…`to` that one placeholder stands for (stacked, each `heightOf` tall) which
 * overlap the part of it from `top` to `bottom` (px from its top edge) that is near the view.
 * Touching counts: a placeholder that is near always yields a chunk to render, so the window
 * never stalls on it.
 */
export function chunksWithin(
  from: number,
  to: number,
  heightOf: (chunk: number) => number,
  top: number,
  bottom: number,
): number[] {
  const near: number[] = [];
  let offset = 0;
  for (let chunk = from; chunk <= to && offset <= bottom; chunk++) {
    const height = heightOf(chunk);
    if (offset + height >= top) near.push(chunk);
    offset += height;
  }
  return near;
}

/** The element that scrolls `element` (its nearest scrolling ancestor), or null: the window. */
export function scrollParent(element: Element): Element | null {
  for (let at = element.parentElement; at; at = at.parentElement) {
    const { overflowY } = getComputedStyle(at);
    if (overflowY === 'auto' || overflowY === 'scroll') return at;
  }
  return null;
}
