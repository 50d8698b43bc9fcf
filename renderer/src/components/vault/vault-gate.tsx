import { useState, type ReactNode } from 'react';
import type { VaultStatus } from '../../../../contract/domain.ts';
import { useVault } from '../../hooks/use-vault.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { GateLayout } from './gate-layout.tsx';
import { VaultCorrupt } from './vault-corrupt.tsx';
import { VaultSetup } from './vault-setup.tsx';
import { VaultUnlock } from './vault-unlock.tsx';

/** Nothing behind this gate renders until the vault is unlocked. */
export function VaultGate({ children }: { children: (vault: VaultStatus) => ReactNode }) {
  const { value: vault, error } = useVault();
  const [movedTo, setMovedTo] = useState<string | undefined>();

  if (error) {
    return (
      <GateLayout icon="alert" tone="danger" title="Token Desk could not start">
        <ErrorMessage error={error} />
      </GateLayout>
    );
  }
  if (!vault) return <div className="splash" aria-busy="true" aria-label="Loading" />;
  switch (vault.state) {
    case 'missing':
      return <VaultSetup vault={vault} movedTo={movedTo} />;
    case 'locked':
      return <VaultUnlock vault={vault} />;
    case 'corrupt':
      return <VaultCorrupt vault={vault} onSetAside={setMovedTo} />;
    case 'unlocked':
      return children(vault);
  }
}
