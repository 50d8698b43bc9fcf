import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { addToast, identityKey } from '../../lib/toast-queue.ts';
import { Icon } from './icon.tsx';

export interface ToastInput {
  /**
   * Reusing a key replaces that toast (e.g. a second copy restarts the countdown). Without one,
   * a toast with the same tone and text as one showing is merged into it (counted, not stacked).
   */
  key?: string;
  /** Errors stay until dismissed; the others leave by themselves. */
  tone: 'success' | 'info' | 'error';
  title: ReactNode;
  detail?: ReactNode;
  /** A caveat the user must read in full (wraps, unlike the one-line detail). */
  note?: ReactNode;
  /** Milliseconds before a success or info toast goes away by itself. */
  duration?: number;
}

interface Toast extends ToastInput {
  key: string;
  count: number;
}

interface ToastApi {
  push: (toast: ToastInput) => void;
}

interface ToastState extends ToastApi {
  toasts: Toast[];
  dismiss: (key: string) => void;
}

const ToastContext = createContext<ToastState>({
  toasts: [],
  push: () => undefined,
  dismiss: () => undefined,
});

export function useToasts(): ToastApi {
  return useContext(ToastContext);
}

/**
 * Short confirmations ("Copied — clears in 30 s", "Token refreshed") and failures of actions
 * that have no place of their own. Failures next to an action stay there instead.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Map<string, number>());
  const counter = useRef(0);

  const dismiss = useCallback((key: string) => {
    window.clearTimeout(timers.current.get(key));
    timers.current.delete(key);
    setToasts((list) => list.filter((t) => t.key !== key));
  }, []);

  const push = useCallback(
    (input: ToastInput) => {
      const key =
        input.key ??
        identityKey(input.tone, input.title, input.detail) ??
        `toast-${++counter.current}`;
      window.clearTimeout(timers.current.get(key));
      timers.current.delete(key);
      if (input.tone !== 'error') {
        timers.current.set(
          key,
          window.setTimeout(() => dismiss(key), input.duration ?? 4000),
        );
      }
      setToasts((list) => {
        const { list: next, dropped } = addToast<Toast>(list, { ...input, key }, !input.key);
        for (const gone of dropped) {
          window.clearTimeout(timers.current.get(gone));
          timers.current.delete(gone);
        }
        return next;
      });
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => window.clearTimeout(timer));
  }, []);

  const state = useMemo(() => ({ toasts, push, dismiss }), [toasts, push, dismiss]);
  return <ToastContext.Provider value={state}>{children}</ToastContext.Provider>;
}

const TONE_ICONS = { success: 'check', info: 'info', error: 'alert' } as const;

/**
 * Where toasts appear: in the window's corner (no layout shift). Confirmations are announced
 * politely, failures assertively; both regions stay mounted so screen readers hear changes.
 */
export function ToastRegion() {
  const { toasts, dismiss } = useContext(ToastContext);
  const view = (toast: Toast) => (
    <div key={toast.key} className={`toast toast--${toast.tone}`}>
      <Icon name={TONE_ICONS[toast.tone]} />
      <div className="toast__body">
        <p className="toast__title">
          {toast.title}
          {toast.count > 1 ? <span className="toast__count"> ×{toast.count}</span> : null}
        </p>
        {toast.detail ? <p className="toast__detail">{toast.detail}</p> : null}
        {toast.note ? <p className="toast__note">{toast.note}</p> : null}
      </div>
      <button
        type="button"
        className="toast__close"
        aria-label="Dismiss notification"
        onClick={() => dismiss(toast.key)}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  );
  return (
    <div className="toasts">
      <div role="alert" aria-label="Problems" className="toasts__group">
        {toasts.filter((t) => t.tone === 'error').map(view)}
      </div>
      <div role="status" aria-live="polite" aria-label="Notifications" className="toasts__group">
        {toasts.filter((t) => t.tone !== 'error').map(view)}
      </div>
    </div>
  );
}
