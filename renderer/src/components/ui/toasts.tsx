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
import { Icon } from './icon.tsx';

export interface ToastInput {
  /** Reusing a key replaces that toast (e.g. a second copy restarts the countdown). */
  key?: string;
  tone: 'success' | 'info';
  title: ReactNode;
  detail?: ReactNode;
  /** A caveat the user must read in full (wraps, unlike the one-line detail). */
  note?: ReactNode;
  /** Milliseconds before it goes away by itself. */
  duration?: number;
}

interface Toast extends ToastInput {
  key: string;
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
 * Short confirmations ("Copied — clears in 30 s", "Token refreshed"). Errors are not toasts:
 * they stay next to the action that failed.
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
      const key = input.key ?? `toast-${++counter.current}`;
      window.clearTimeout(timers.current.get(key));
      timers.current.set(
        key,
        window.setTimeout(() => dismiss(key), input.duration ?? 4000),
      );
      setToasts((list) => [...list.filter((t) => t.key !== key), { ...input, key }].slice(-3));
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

/** Where toasts appear: a polite live region in the window's corner (no layout shift). */
export function ToastRegion() {
  const { toasts, dismiss } = useContext(ToastContext);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <div key={toast.key} className={`toast toast--${toast.tone}`}>
          <Icon name={toast.tone === 'success' ? 'check' : 'info'} />
          <div className="toast__body">
            <p className="toast__title">{toast.title}</p>
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
      ))}
    </div>
  );
}
