import { useId, type ButtonHTMLAttributes, type MouseEvent } from 'react';
import { Icon, type IconName } from './icon.tsx';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger' | 'link';
  size?: 'sm' | 'md';
  icon?: IconName;
  /** Shows a spinner and ignores clicks while the action runs. */
  pending?: boolean;
  /**
   * Why this action is not available. The button stays visible and focusable, marked
   * aria-disabled, and the reason is shown as a tooltip and is its accessible description.
   */
  unavailableReason?: string | undefined;
  /** Which edge the reason tooltip aligns to (use 'end' near the right edge). */
  tipAlign?: 'start' | 'center' | 'end';
}

export function Button({
  variant = 'secondary',
  size = 'md',
  icon,
  pending = false,
  unavailableReason,
  tipAlign = 'center',
  className,
  children,
  onClick,
  type = 'button',
  ...rest
}: ButtonProps) {
  const tipId = useId();
  const unavailable = unavailableReason !== undefined;
  const classes = [
    'btn',
    `btn--${variant}`,
    `btn--${size}`,
    !children ? 'btn--icon-only' : '',
    unavailable ? 'is-unavailable' : '',
    pending ? 'is-pending' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ');

  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    if (unavailable || pending) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };

  const button = (
    <button
      {...rest}
      type={type}
      className={classes}
      onClick={handleClick}
      aria-disabled={unavailable || pending || undefined}
      aria-busy={pending || undefined}
      aria-describedby={unavailable ? tipId : rest['aria-describedby']}
      // Icon-only buttons (narrow windows) still name themselves on hover.
      title={unavailable ? undefined : (rest.title ?? rest['aria-label'])}
    >
      {pending ? (
        <span className="spinner" aria-hidden="true" />
      ) : icon ? (
        <Icon name={icon} size={size === 'sm' ? 14 : 16} />
      ) : null}
      {children ? <span className="btn__label">{children}</span> : null}
    </button>
  );

  if (!unavailable) return button;
  return (
    <span className={`tip-host tip-host--${tipAlign}`}>
      {button}
      <span role="tooltip" id={tipId} className="tip">
        {unavailableReason}
      </span>
    </span>
  );
}
