import type { CopyFormat } from '../../../contract/domain.ts';
import type { ClipboardGuard } from '../clipboard-guard.ts';
import type { AccountService } from './account-service.ts';
import { AppError } from '../errors.ts';
import { formatForCopy, tokenKindOf } from './copy-formats.ts';

/**
 * Copies an account's token in `format` for the window and the tray alike: refreshed first
 * when it is about to expire, then through the clipboard guard (cleared later only if the
 * clipboard still holds it).
 */
export async function copyTokenAs(
  accounts: AccountService,
  clipboard: ClipboardGuard,
  id: string,
  format: CopyFormat,
): Promise<{ clearsAt: number | null }> {
  const dpop = format !== 'id-token' && accounts.get(id).tokenBinding === 'dpop';
  if (dpop && format === 'curl') {
    throw new AppError(
      'UNSUPPORTED',
      'This token is DPoP-bound: a curl command needs a proof made for its method and URL. Use Copy as → curl command in the window, which asks for them.',
    );
  }
  const token = await accounts.freshToken(id, tokenKindOf(format));
  return clipboard.copySecret(formatForCopy(format, token, dpop ? 'DPoP' : 'Bearer'));
}
