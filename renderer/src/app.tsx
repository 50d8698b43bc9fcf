import { ToastProvider } from './components/ui/toasts.tsx';
import { VaultGate } from './components/vault/vault-gate.tsx';
import { Workspace } from './components/workspace/workspace.tsx';

export function App() {
  return (
    <ToastProvider>
      <VaultGate>{(vault) => <Workspace vault={vault} />}</VaultGate>
    </ToastProvider>
  );
}
