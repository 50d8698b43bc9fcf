import type { ProviderSummary, SignInMethod } from '../../../../contract/domain.ts';
import {
  addsAnotherAccount,
  availableOptions,
  METHOD_TEXT,
  noSignInReason,
  singleMethodLabel,
} from '../../lib/sign-in-methods.ts';
import { Button } from '../ui/button.tsx';
import { Menu, type MenuItem } from '../ui/menu.tsx';

/**
 * The provider's way to add an account: one button when it offers one sign-in method, a
 * chooser when it offers several (each with its warning; the ones it lacks greyed out with
 * the reason), a disabled button with the reason when it offers none.
 */
export function SignInButton({
  provider,
  hasAccounts,
  pending,
  onChoose,
}: {
  provider: ProviderSummary;
  hasAccounts: boolean;
  pending: boolean;
  onChoose: (method: SignInMethod) => void;
}) {
  const options = availableOptions(provider);
  const variant = hasAccounts ? 'secondary' : 'primary';
  const [only, second] = options;

  if (!only || !second) {
    const method = only?.method ?? 'authorization-code';
    const label = singleMethodLabel(method, hasAccounts);
    return (
      <Button
        size="sm"
        variant={variant}
        icon={addsAnotherAccount(method, hasAccounts) ? 'plus' : METHOD_TEXT[method].icon}
        pending={pending}
        unavailableReason={only ? undefined : noSignInReason(provider)}
        tipAlign="end"
        onClick={() => onChoose(method)}
        aria-label={accessibleLabel(label, provider.name)}
        title={only ? METHOD_TEXT[method].describe(provider) : undefined}
      >
        {label}
      </Button>
    );
  }

  const label = hasAccounts ? 'Add account' : 'Sign in';
  // Offered methods first, in the provider's order; then the ones it lacks, with the reason.
  const items: MenuItem[] = [
    ...options.map((option): MenuItem => ({
      label: METHOD_TEXT[option.method].label,
      icon: METHOD_TEXT[option.method].icon,
      detail: option.warning ?? METHOD_TEXT[option.method].describe(provider),
      detailTone: option.warning ? 'warn' : undefined,
      onSelect: () => onChoose(option.method),
    })),
    ...provider.capabilities.signIn
      .flatMap((option) => (option.available ? [] : [option]))
      .map((option, index): MenuItem => ({
        label: METHOD_TEXT[option.method].label,
        icon: METHOD_TEXT[option.method].icon,
        unavailableReason: option.reason,
        separatorBefore: index === 0,
        onSelect: () => undefined,
      })),
  ];
  return (
    <Menu
      label={accessibleLabel(label, provider.name)}
      buttonLabel={pending ? `${label}…` : label}
      buttonIcon={hasAccounts ? 'plus' : 'signIn'}
      buttonVariant={variant}
      items={items}
      wide
    />
  );
}

function accessibleLabel(label: string, providerName: string): string {
  switch (label) {
    case 'Sign in':
      return `Sign in to ${providerName}`;
    case 'Add account':
      return `Add account at ${providerName}`;
    case 'Request token':
      return `Request token from ${providerName}`;
    case 'Import token':
      return `Import token for ${providerName}`;
    default:
      return `${label} at ${providerName}`;
  }
}
