import type { ReactNode } from 'react';
import { Icon } from './icon.tsx';

/** A caution or a fact next to an action (errors use ErrorMessage). */
export function Notice({
  tone,
  title,
  children,
  compact = false,
}: {
  tone: 'warn' | 'info';
  title?: ReactNode;
  children: ReactNode;
  compact?: boolean;
}) {
  return (
    <div className={`notice notice--${tone}${compact ? ' notice--compact' : ''}`}>
      <Icon name={tone === 'warn' ? 'alert' : 'info'} />
      <div className="notice__body">
        {title ? <p className="notice__title">{title}</p> : null}
        <div className="notice__text">{children}</div>
      </div>
    </div>
  );
}
