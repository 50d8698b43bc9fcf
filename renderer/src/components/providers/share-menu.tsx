import { useState } from 'react';
import { Menu } from '../ui/menu.tsx';
import { ExportProvidersDialog, ImportProvidersDialog } from './share-providers.tsx';

/** "Share setups": export every provider's setup, or import setups from a file. */
export function ShareMenu({ providerCount }: { providerCount: number }) {
  const [open, setOpen] = useState<'export' | 'import' | undefined>();
  return (
    <>
      <Menu
        label="Share provider setups"
        buttonLabel="Share"
        buttonIcon="file"
        items={[
          {
            label: 'Export all provider setups…',
            icon: 'file',
            detail: 'No tokens, no client secrets',
            unavailableReason: providerCount === 0 ? 'There is no provider yet.' : undefined,
            onSelect: () => setOpen('export'),
          },
          {
            label: 'Import provider setups…',
            icon: 'plus',
            detail: 'Preview first; nothing changes until you import',
            onSelect: () => setOpen('import'),
          },
        ]}
        wide
      />
      {open === 'export' ? <ExportProvidersDialog onClose={() => setOpen(undefined)} /> : null}
      {open === 'import' ? <ImportProvidersDialog onClose={() => setOpen(undefined)} /> : null}
    </>
  );
}
