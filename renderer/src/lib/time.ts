/**
 * Relative and absolute time for people reading token lifetimes. Pure (no DOM), so every
 * component formats the same way. Durations round down: a token never looks fresher than it is.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Under this, an expiry is "expiring soon". */
export const EXPIRING_SOON_MS = 5 * MINUTE;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** "42 s", "59 min", "1 h 5 min", "13 h", "3 days", "5 months", "2 years". */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, Math.abs(ms));
  if (abs < MINUTE) return `${Math.floor(abs / SECOND)} s`;
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY) {
    const hours = Math.floor(abs / HOUR);
    const minutes = Math.floor((abs % HOUR) / MINUTE);
    return hours < 10 && minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const days = Math.floor(abs / DAY);
  if (days < 60) return plural(days, 'day');
  if (days < 730) return plural(Math.floor(days / 30), 'month');
  return plural(Math.floor(days / 365), 'year');
}

/** "in 59 min", "3 days ago", "just now". */
export function formatRelative(at: number, now: number): string {
  const delta = at - now;
  if (Math.abs(delta) < SECOND) return 'just now';
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(delta)} ago`;
}

/** Like formatRelative, but coarse under a minute, for "refreshed just now". */
export function formatAgo(at: number, now: number): string {
  return now - at < 45 * SECOND ? 'just now' : formatRelative(at, now);
}

export type ExpiryTone = 'ok' | 'soon' | 'expired' | 'none';

export interface ExpiryView {
  tone: ExpiryTone;
  text: string;
}

/** "expires in 42 min" / "expired 3 min ago" / "no expiry reported". */
export function describeExpiry(expiresAt: number | null, now: number): ExpiryView {
  if (expiresAt === null) return { tone: 'none', text: 'no expiry reported' };
  const remaining = expiresAt - now;
  if (remaining <= -SECOND) {
    return { tone: 'expired', text: `expired ${formatDuration(remaining)} ago` };
  }
  if (remaining <= 0) return { tone: 'expired', text: 'expired just now' };
  return {
    tone: remaining < EXPIRING_SOON_MS ? 'soon' : 'ok',
    text: `expires in ${formatDuration(remaining)}`,
  };
}

/** How often a relative time near `at` needs redrawing: every second under a minute. */
export function tickInterval(at: number | null, now: number): number {
  if (at === null) return 60 * SECOND;
  return Math.abs(at - now) < 2 * MINUTE ? SECOND : 15 * SECOND;
}

/** "4:59" for countdowns. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / SECOND));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Local date and time, e.g. "24 Nov 2025, 14:03:12". */
export function formatDateTime(ms: number): string {
  return Number.isFinite(ms) ? dateTime.format(new Date(ms)) : String(ms);
}

export function toIso(ms: number): string | undefined {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
