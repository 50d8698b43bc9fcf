/** At most this many toasts show at once. */
export const MAX_TOASTS = 3;

export type ToastTone = 'success' | 'info' | 'error';

/** What the queue needs to know about a toast; the view adds its content. */
export interface QueuedToast {
  key: string;
  tone: ToastTone;
  /** How many identical toasts this one stands for. */
  count: number;
}

/**
 * Adds a toast: one with the same key replaces the one showing (moved to the end); `merge`
 * counts it as one more of the same instead. Over {@link MAX_TOASTS}, the oldest success or
 * info toast leaves first; errors leave only when dismissed, or when nothing else is left.
 * Returns the new list and the keys that left, so their timers can be stopped.
 */
export function addToast<T extends QueuedToast>(
  list: readonly T[],
  toast: Omit<T, 'count'>,
  merge: boolean,
): { list: T[]; dropped: string[] } {
  const same = list.find((t) => t.key === toast.key);
  const added = { ...toast, count: same && merge ? same.count + 1 : 1 } as T;
  const next = [...list.filter((t) => t.key !== toast.key), added];
  const dropped: string[] = [];
  while (next.length > MAX_TOASTS) {
    // The toast just added always shows; before it, the oldest success or info leaves.
    const index = next.slice(0, -1).findIndex((t) => t.tone !== 'error');
    const [gone] = next.splice(index === -1 ? 0 : index, 1);
    if (gone) dropped.push(gone.key);
  }
  return { list: next, dropped };
}

/** The key identical toasts share (same tone and text); undefined for rich content. */
export function identityKey(tone: ToastTone, title: unknown, detail: unknown): string | undefined {
  const text = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
  const t = text(title);
  const d = detail === undefined || detail === null ? '' : text(detail);
  return t === undefined || d === undefined ? undefined : `same:${tone}\u0000${t}\u0000${d}`;
}
