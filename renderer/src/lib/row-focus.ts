/** Rows and the placeholders of rows not rendered yet, in document order. */
const NAV_SELECTOR = '[data-account-row], [data-row-placeholder]';

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

let moving = false;
/** Steps asked for while a move waited for rows to render; done right after it. */
let queued = 0;

/**
 * Moves keyboard focus from `row` to the account row `step` away (1 down, -1 up), across
 * providers. A row not rendered yet (further down a long list) is scrolled to, rendered, then
 * focused; keys pressed meanwhile are not lost.
 */
export async function moveRowFocus(row: HTMLElement, step: 1 | -1): Promise<void> {
  if (moving) {
    queued += step;
    return;
  }
  moving = true;
  try {
    let current: HTMLElement | null = row;
    let steps: number = step;
    while (current && steps !== 0) {
      const direction = steps > 0 ? 1 : -1;
      current = await moveOnce(current, direction);
      steps -= direction;
      steps += queued;
      queued = 0;
    }
  } finally {
    moving = false;
    queued = 0;
  }
}

async function moveOnce(row: HTMLElement, step: 1 | -1): Promise<HTMLElement | null> {
  const items = [...document.querySelectorAll<HTMLElement>(NAV_SELECTOR)];
  const target = items[items.indexOf(row) + step];
  if (!target) return null;
  if (target.matches('[data-account-row]')) {
    target.focus();
    return target;
  }
  target.scrollIntoView({ block: 'nearest' });
  for (let i = 0; i < 20; i++) {
    await nextFrame();
    const now = [...document.querySelectorAll<HTMLElement>(NAV_SELECTOR)];
    const candidate = now[now.indexOf(row) + step];
    if (candidate?.matches('[data-account-row]')) {
      candidate.focus();
      return candidate;
    }
  }
  return null;
}

/** The account row next to `row` (below, else above), to focus when `row` goes away. */
export function neighbourRow(row: HTMLElement | null): HTMLElement | null {
  if (!row) return null;
  const rows = [...document.querySelectorAll<HTMLElement>('[data-account-row]')];
  const at = rows.indexOf(row);
  return rows[at + 1] ?? rows[at - 1] ?? null;
}

/** Whether a key press belongs to a text field (the app's shortcuts leave it alone). */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}
