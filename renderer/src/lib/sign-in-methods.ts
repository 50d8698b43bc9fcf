import type { IconName } from '../components/ui/icon.tsx';
import type {
  AccountSummary,
  ProviderSummary,
  SignInMethod,
  SignInOption,
} from '../../../contract/domain.ts';

/** How each sign-in method is named and described in the chooser (warnings come from main). */
export const METHOD_TEXT: Record<
  SignInMethod,
  { label: string; icon: IconName; describe: (provider: ProviderSummary) => string }
> = {
  'authorization-code': {
    label: 'In the browser',
    icon: 'globe',
    describe: (p) => `Sign in on ${p.name}’s own page in your browser.`,
  },
  implicit: {
    label: 'In the browser (implicit flow)',
    icon: 'globe',
    describe: () => 'The token comes back in the browser’s address; needs the loopback redirect.',
  },
  'device-code': {
    label: 'With a code on another device',
    icon: 'device',
    describe: () => 'Enter a short code, or scan a QR code, on any device.',
  },
  'client-credentials': {
    label: 'Client credentials',
    icon: 'server',
    describe: (p) => `A token for the client ${p.clientId} itself, without a user.`,
  },
  password: {
    label: 'User name and password',
    icon: 'user',
    describe: (p) => `Type your ${p.name} login into this app.`,
  },
  'token-import': {
    label: 'Paste an access token',
    icon: 'clipboard',
    describe: () => 'Import a token you already have; the app verifies it first.',
  },
};

/** Methods that need a form or a confirmation in this window before anything starts. */
export type DialogMethod = 'password' | 'token-import' | 'implicit';

export function needsDialog(method: SignInMethod): method is DialogMethod {
  return method === 'password' || method === 'token-import' || method === 'implicit';
}

export type AvailableOption = Extract<SignInOption, { available: true }>;

export function availableOptions(provider: ProviderSummary): AvailableOption[] {
  return provider.capabilities.signIn.filter((o): o is AvailableOption => o.available);
}

export function optionFor(
  provider: ProviderSummary,
  method: SignInMethod,
): SignInOption | undefined {
  return provider.capabilities.signIn.find((o) => o.method === method);
}

/** Why nobody can sign in to this provider: the reasons main gave, deduplicated. */
export function noSignInReason(provider: ProviderSummary): string {
  const reasons = provider.capabilities.signIn.flatMap((o) => (o.available ? [] : [o.reason]));
  return (
    [...new Set(reasons)].join(' ') ||
    `${provider.name} offers no sign-in method this app supports.`
  );
}

/**
 * Whether the provider's single sign-in action adds another account (once it has some): every
 * method but requesting or importing a token, which keep their own names.
 */
export function addsAnotherAccount(method: SignInMethod, hasAccounts: boolean): boolean {
  return hasAccounts && method !== 'client-credentials' && method !== 'token-import';
}

/** The visible label of the provider's sign-in action for a single method. */
export function singleMethodLabel(method: SignInMethod, hasAccounts: boolean): string {
  if (addsAnotherAccount(method, hasAccounts)) return 'Add account';
  switch (method) {
    case 'client-credentials':
      return 'Request token';
    case 'token-import':
      return 'Import token';
    case 'device-code':
      return 'Sign in with a code';
    default:
      return 'Sign in';
  }
}

/** How each method reads in "Add one in the browser, with a code… or …". */
const PHRASES: Record<SignInMethod, string> = {
  'authorization-code': 'in the browser',
  implicit: 'in the browser',
  'device-code': 'with a code on another device',
  'client-credentials': 'with client credentials',
  password: 'with a user name and password',
  'token-import': 'by pasting an access token',
};

/** What "No accounts yet." goes on to say: how an account gets here. */
export function emptyHint(provider: ProviderSummary): string {
  const options = availableOptions(provider);
  const [only] = options;
  if (!only) return noSignInReason(provider);
  if (options.length > 1) {
    // The implicit flow is a variant of the browser sign-in; name the browser once.
    const phrases = [...new Set(options.map((o) => PHRASES[o.method]))];
    const last = phrases.pop() ?? '';
    return `Add one ${phrases.length ? `${phrases.join(', ')} or ${last}` : last}.`;
  }
  switch (only.method) {
    case 'authorization-code':
    case 'implicit':
      return `Sign in to ${provider.name} in your browser to add one.`;
    case 'device-code':
      return `Sign in with a code on another device to add one.`;
    case 'password':
      return `Sign in with your ${provider.name} user name and password to add one.`;
    case 'client-credentials':
      return `Request a token for the client ${provider.clientId} (client credentials, no user sign-in).`;
    case 'token-import':
      return 'Import an access token to add one.';
  }
}

/**
 * How "Sign in again" works for an account: with the method it was signed in with, when the
 * provider still offers it; otherwise undefined (the caller offers the provider's methods).
 */
export function reauthMethod(
  account: AccountSummary,
  provider: ProviderSummary,
): SignInMethod | undefined {
  const option = optionFor(provider, account.signInMethod);
  if (option?.available) return account.signInMethod;
  const [first, second] = availableOptions(provider);
  return first && !second ? first.method : undefined;
}
