import { ToastProvider } from './components/toasts.tsx';
import { VaultGate } from './components/vault-gate.tsx';
import { Workspace } from './components/workspace.tsx';

export function App() {
  return (
    <ToastProvider>
      <VaultGate>{(vault) => <Workspace vault={vault} />}</VaultGate>
    </ToastProvider>
  );
}
