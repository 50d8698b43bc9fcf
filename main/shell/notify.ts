import { Notification } from 'electron';

/**
 * Returns the core's `notify`: a native notification when the desktop supports them, silently
 * nothing otherwise. Clicking one runs `onClick` (bring the window to the front).
 * Callers pass titles and messages only, never token material.
 */
export function createNotifier(onClick?: () => void): (title: string, body: string) => void {
  return (title, body) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    if (onClick) notification.on('click', onClick);
    notification.show();
  };
}
