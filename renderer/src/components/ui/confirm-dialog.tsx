import type { ReactNode } from 'react';
import type { Result } from '../../../../contract/domain.ts';
import { useAction } from '../../hooks/use-action.ts';
import { Button } from './button.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './error-message.tsx';

/**
 * Asks before something that cannot be undone. Runs the action itself so a failure is shown
 * right here, and closes only when it succeeded.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  pendingLabel,
  tone = 'danger',
  onConfirm,
  onClose,
  onDone,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  tone?: 'danger' | 'primary';
  onConfirm: () => Promise<Result<unknown>>;
  onClose: () => void;
  onDone?: () => void;
}) {
  const action = useAction(onConfirm);
  return (
    <Dialog
      title={title}
      size="sm"
      onClose={onClose}
      footer={
        <>
          <Button data-autofocus onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant={tone}
            pending={action.pending}
            onClick={() =>
              void action.run().then((result) => {
                if (!result.ok) return;
                onClose();
                onDone?.();
              })
            }
          >
            {action.pending && pendingLabel ? pendingLabel : confirmLabel}
          </Button>
        </>
      }
    >
      <div className="prose">{children}</div>
      <ErrorMessage error={action.error} />
    </Dialog>
  );
}
