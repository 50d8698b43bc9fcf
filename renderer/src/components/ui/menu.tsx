import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Icon, type IconName } from './icon.tsx';

export interface MenuItem {
  label: string;
  icon?: IconName;
  onSelect: () => void;
  /** Shown greyed out with this reason under the label, never left out. */
  unavailableReason?: string | undefined;
  /** A line under the label (what the item does); 'warn' for a caution the user should read. */
  detail?: string | undefined;
  detailTone?: 'warn' | undefined;
  tone?: 'danger';
  separatorBefore?: boolean;
}

/**
 * An overflow menu (menu button pattern): arrow keys move, Escape closes and returns focus,
 * unavailable items stay listed with their reason.
 */
export function Menu({
  label,
  items,
  buttonLabel,
  buttonIcon = 'more',
  buttonVariant = 'ghost',
  wide = false,
}: {
  /** Accessible name of the trigger, e.g. "More actions for alice@example.test". */
  label: string;
  items: MenuItem[];
  /** Visible text on the trigger; icon-only when absent. A labelled trigger shows a chevron. */
  buttonLabel?: string;
  buttonIcon?: IconName;
  buttonVariant?: 'ghost' | 'secondary' | 'primary';
  /** Room for item details (the sign-in chooser). */
  wide?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [flipUp, setFlipUp] = useState(false);
  const menuId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const root = useRef<HTMLDivElement>(null);

  const menuItems = () => [
    ...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []),
  ];

  useLayoutEffect(() => {
    if (!open || !menu.current) return;
    const rect = menu.current.getBoundingClientRect();
    setFlipUp(rect.bottom > window.innerHeight - 8 && rect.top - rect.height > 60);
    const firstEnabled = menuItems().find((el) => el.getAttribute('aria-disabled') !== 'true');
    (firstEnabled ?? menuItems()[0])?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    setFlipUp(false);
    if (refocus) trigger.current?.focus();
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = menuItems();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    switch (event.key) {
      case 'ArrowDown':
        move(index + 1);
        break;
      case 'ArrowUp':
        move(index - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(list.length - 1);
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        close(true);
        break;
      case 'Tab':
        close(false);
        break;
    }
  };

  return (
    <div className="menu-root" ref={root}>
      <button
        ref={trigger}
        type="button"
        className={`btn btn--${buttonVariant} btn--sm${buttonLabel ? '' : ' btn--icon-only'}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={label}
        title={buttonLabel ? undefined : label}
        onClick={() => (open ? close(false) : setOpen(true))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <Icon name={buttonIcon} size={buttonLabel ? 14 : 16} />
        {buttonLabel ? (
          <>
            <span className="btn__label">{buttonLabel}</span>
            <span className="btn__chevron">
              <Icon name="chevronDown" size={14} />
            </span>
          </>
        ) : null}
      </button>
      {open ? (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={label}
          className={`menu${flipUp ? ' menu--up' : ''}${wide ? ' menu--wide' : ''}`}
          onKeyDown={onMenuKey}
        >
          {items.map((item) => (
            <MenuEntry
              key={item.label}
              item={item}
              onChoose={() => {
                close(true);
                item.onSelect();
              }}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}

function MenuEntry({ item, onChoose }: { item: MenuItem; onChoose: () => void }) {
  const labelId = useId();
  const reasonId = useId();
  const detailId = useId();
  const unavailable = item.unavailableReason !== undefined;
  const detail = unavailable ? undefined : item.detail;
  return (
    <>
      {item.separatorBefore ? <div role="separator" className="menu__separator" /> : null}
      <button
        type="button"
        role="menuitem"
        tabIndex={-1}
        className={`menu__item${item.tone === 'danger' ? ' menu__item--danger' : ''}`}
        aria-disabled={unavailable || undefined}
        // The label names the item; its reason or detail describes it.
        aria-labelledby={labelId}
        aria-describedby={unavailable ? reasonId : detail ? detailId : undefined}
        onClick={() => {
          if (!unavailable) onChoose();
        }}
      >
        {item.icon ? <Icon name={item.icon} size={15} /> : <span className="icon" />}
        <span className="menu__text">
          <span id={labelId} className="menu__label">
            {item.label}
          </span>
          {unavailable ? (
            <span id={reasonId} className="menu__reason">
              {item.unavailableReason}
            </span>
          ) : null}
          {detail ? (
            <span
              id={detailId}
              className={`menu__detail${item.detailTone === 'warn' ? ' menu__detail--warn' : ''}`}
            >
              {detail}
            </span>
          ) : null}
        </span>
      </button>
    </>
  );
}
