/** Main enforces the same minimum (vault key-protection MIN_PASSPHRASE_LENGTH). */
export const MIN_PASSPHRASE_LENGTH = 8;

export interface PassphraseProblems {
  passphrase?: string;
  confirm?: string;
}

/** Checks a new passphrase and its confirmation before anything is sent to main. */
export function passphraseProblems(passphrase: string, confirm: string): PassphraseProblems {
  const problems: PassphraseProblems = {};
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    problems.passphrase = `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`;
  } else if (confirm !== passphrase) {
    problems.confirm = 'The two passphrases do not match.';
  }
  return problems;
}
