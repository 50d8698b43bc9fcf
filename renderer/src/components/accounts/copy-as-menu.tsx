import type { AccountSummary, CopyFormat } from '../../../../contract/domain.ts';
import { Menu, type MenuItem } from '../ui/menu.tsx';

/** The copy formats as the menus name them; the ID token only where there is one. */
export const COPY_AS_CHOICES: { format: CopyFormat; label: string; detail: string }[] = [
  { format: 'access-token', label: 'Access token', detail: 'The token alone' },
  {
    format: 'authorization-header',
    label: 'Authorization header',
    detail: 'Authorization: Bearer …',
  },
  { format: 'curl', label: 'curl command', detail: 'curl -H "Authorization: Bearer …" URL' },
  { format: 'id-token', label: 'ID token', detail: 'The OpenID Connect ID token' },
];

export const COPIED_WHAT: Record<CopyFormat, string> = {
  'access-token': 'Access token',
  'authorization-header': 'Authorization header',
  curl: 'curl command',
  'id-token': 'ID token',
};

/**
 * The other half of the row's split "Copy token" button: the same token as a header, as a
 * `curl` command, or the ID token. Main formats and copies it, through the clipboard guard.
 */
export function CopyAsMenu({
  account,
  unavailableReason,
  onCopy,
}: {
  account: AccountSummary;
  unavailableReason: string | undefined;
  onCopy: (format: CopyFormat) => void;
}) {
  const items: MenuItem[] = COPY_AS_CHOICES.filter(
    (c) => c.format !== 'id-token' || account.hasIdToken,
  ).map((choice) => ({
    label: choice.label,
    detail: choice.detail,
    icon: 'copy',
    unavailableReason,
    onSelect: () => onCopy(choice.format),
  }));
  return (
    <Menu
      label={`Copy as… for ${account.label}`}
      items={items}
      buttonIcon="chevronDown"
      buttonVariant="secondary"
      wide
    />
  );
}
