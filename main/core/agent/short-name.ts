import { AppError } from '../errors.ts';

/** Short names are typed in shells: lowercase letters, digits, `.`, `_`, `-`; at most 40. */
export const SHORT_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,39}$/;
const MAX_LENGTH = 40;

/**
 * A shell-friendly name derived from an account label: "Work (Google)" → "work-google".
 * Accents are dropped, anything else becomes one dash. Never empty.
 */
export function deriveShortName(label: string): string {
  const base = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._]+/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '')
    .slice(0, MAX_LENGTH)
    .replace(/[-._]+$/, '');
  return base || 'account';
}

/** `name`, or `name-2`, `name-3`… whichever no other account uses yet. */
export function uniqueShortName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${name.slice(0, MAX_LENGTH - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Checks a short name the user typed; throws INVALID_INPUT saying what is wrong. */
export function validateShortName(name: string, taken: ReadonlySet<string>): string {
  const trimmed = name.trim();
  if (!SHORT_NAME_PATTERN.test(trimmed)) {
    throw new AppError(
      'INVALID_INPUT',
      'A short name uses lowercase letters, digits, ".", "_" and "-" (up to 40), starting with a letter or digit.',
    );
  }
  if (taken.has(trimmed)) {
    throw new AppError(
      'INVALID_INPUT',
      `Another account already uses the short name "${trimmed}".`,
    );
  }
  return trimmed;
}
