import { useState } from 'react';
import type { VaultStatus } from '../../../../contract/domain.ts';
import { tokenManager } from '../../api.ts';
import { Button } from '../ui/button.tsx';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { GateLayout, VaultPath } from './gate-layout.tsx';

/** A vault file the app cannot read: explain, keep the file, offer a fresh start. */
export function VaultCorrupt({
  vault,
  onSetAside,
}: {
  vault: VaultStatus;
  onSetAside: (movedTo: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <GateLayout
      icon="alert"
      tone="danger"
      title="The vault cannot be opened"
      lead={vault.problem ?? 'The vault file is damaged.'}
    >
      <VaultPath path={vault.filePath} />
      <p className="gate__text">
        Nothing was changed or deleted. You can keep this file for recovery and start over with an
        empty vault: the damaged file is renamed and left next to it.
      </p>
      <Button variant="danger" className="btn--block" onClick={() => setConfirming(true)}>
        Set the damaged file aside and start a new vault
      </Button>
      {confirming ? (
        <ConfirmDialog
          title="Start a new vault?"
          confirmLabel="Set aside and start over"
          pendingLabel="Moving the file…"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const result = await tokenManager().vault.setAsideDamaged();
            if (result.ok) onSetAside(result.value.movedTo);
            return result;
          }}
        >
          <p>The damaged file is renamed (not deleted) and a new, empty vault is set up.</p>
          <p>
            Your providers stay listed. Accounts need a new sign-in, and client secrets must be
            entered again.
          </p>
        </ConfirmDialog>
      ) : null}
    </GateLayout>
  );
}
