import type { AccountSummary, ProviderSummary } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { optionFor, type DialogMethod } from '../../lib/sign-in-methods.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { PasswordSignInDialog } from './password-sign-in-dialog.tsx';
import { TokenImportDialog } from './token-import-dialog.tsx';

export interface SignInRequest {
  method: DialogMethod;
  account?: AccountSummary | undefined;
}

/** The step a sign-in method needs in this window first: a form, or reading a warning. */
export function SignInDialog({
  provider,
  request,
  onClose,
}: {
  provider: ProviderSummary;
  request: SignInRequest;
  onClose: () => void;
}) {
  const { account } = request;
  switch (request.method) {
    case 'password':
      return <PasswordSignInDialog provider={provider} account={account} onClose={onClose} />;
    case 'token-import':
      return <TokenImportDialog provider={provider} account={account} onClose={onClose} />;
    case 'implicit': {
      const option = optionFor(provider, 'implicit');
      return (
        <ConfirmDialog
          title={`Sign in to ${provider.name} with the implicit flow?`}
          confirmLabel="Continue in the browser"
          pendingLabel="Opening the browser…"
          tone="primary"
          onConfirm={() =>
            tokenManager().signIn.start({
              providerId: provider.id,
              method: 'implicit',
              ...(account ? { accountId: account.id } : {}),
            })
          }
          onClose={onClose}
        >
          <p className="warn-text">
            {option?.available && option.warning
              ? option.warning
              : 'The implicit flow is deprecated: the token comes back in the browser’s address.'}
          </p>
          <p>
            Prefer “In the browser” (authorization code with PKCE) when {provider.name} allows it.
          </p>
        </ConfirmDialog>
      );
    }
  }
}
