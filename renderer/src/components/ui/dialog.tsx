import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';
import { Icon } from './icon.tsx';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: ReactNode;
  /** A line under the title, also the dialog's accessible description. */
  subtitle?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  /** 'drawer' slides in from the right edge (the inspect panel). */
  variant?: 'modal' | 'drawer';
  /** Forms keep what was typed: only drawers close on a click outside. */
  closeOnBackdrop?: boolean;
  className?: string;
}

/**
 * A modal `<dialog>`: the rest of the window is inert, Tab cycles inside, Escape and the close
 * button call `onClose`, and focus returns to where it was when the dialog closes. Rendered
 * into <body>, so a dialog opened from a table row is not nested inside the table.
 */
export function Dialog({
  title,
  subtitle,
  onClose,
  children,
  footer,
  size = 'md',
  variant = 'modal',
  closeOnBackdrop = variant === 'drawer',
  className,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const subtitleId = useId();
  const close = useRef(onClose);
  useLayoutEffect(() => {
    close.current = onClose;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    let closingHere = false;
    if (!dialog.open) dialog.showModal();
    // Start in the content (not on the close button) unless a field asks for focus; a drawer
    // starts on its frame, so reading begins at the top.
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      (variant === 'drawer' ? dialog.querySelector<HTMLElement>('.dialog__frame') : null) ??
      dialog.querySelector('.dialog__body')?.querySelector<HTMLElement>(FOCUSABLE) ??
      dialog.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();

    // Escape fires `cancel`; Chromium may also close the dialog itself. Either way, tell React.
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    const onNativeClose = () => {
      if (!closingHere) close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('close', onNativeClose);
    return () => {
      closingHere = true;
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('close', onNativeClose);
      dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, [variant]);

  const trapTab = (event: KeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => el.offsetParent !== null || el === document.activeElement,
    );
    const firstItem = items[0];
    const lastItem = items[items.length - 1];
    if (!firstItem || !lastItem) return;
    if (event.shiftKey && document.activeElement === firstItem) {
      event.preventDefault();
      lastItem.focus();
    } else if (!event.shiftKey && document.activeElement === lastItem) {
      event.preventDefault();
      firstItem.focus();
    }
  };

  const onBackdrop = (event: MouseEvent<HTMLDialogElement>) => {
    if (closeOnBackdrop && event.target === ref.current) onClose();
  };

  return createPortal(
    <dialog
      ref={ref}
      className={`dialog dialog--${variant} dialog--${size}${className ? ` ${className}` : ''}`}
      aria-labelledby={titleId}
      aria-describedby={subtitle ? subtitleId : undefined}
      onKeyDown={trapTab}
      onClick={onBackdrop}
    >
      <div className="dialog__frame" tabIndex={variant === 'drawer' ? -1 : undefined}>
        <header className="dialog__header">
          <div className="dialog__heading">
            <h2 id={titleId} className="dialog__title">
              {title}
            </h2>
            {subtitle ? (
              <p id={subtitleId} className="dialog__subtitle">
                {subtitle}
              </p>
            ) : null}
          </div>
          <button type="button" className="dialog__close" aria-label="Close" onClick={onClose}>
            <Icon name="close" />
          </button>
        </header>
        <div className="dialog__body">{children}</div>
        {footer ? <footer className="dialog__footer">{footer}</footer> : null}
      </div>
    </dialog>,
    document.body,
  );
}
