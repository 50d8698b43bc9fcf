import { app, session, type WebContents } from 'electron';
import { isTrustedSender } from '../core/ipc/sender-guard.ts';

/**
 * Locks down every web contents the app creates (Electron security checklist): no navigation
 * or redirect away from the app's own origins, no new windows, no `<webview>`. Register
 * before any window exists. `appOrigins` are compared by scheme and host.
 */
export function hardenWebContents(appOrigins: readonly string[]): void {
  const isAppUrl = (url: string) => isTrustedSender(url, appOrigins);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    // Sign-in pages open in the system browser (RFC 8252), never in an app window.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

/**
 * Denies every permission (camera, notifications from the page, clipboard, geolocation, HID…)
 * to web content: the renderer needs none, and the app notifies from main.
 */
export function denyAllPermissions(target = session.defaultSession): void {
  target.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  target.setPermissionCheckHandler(() => false);
  target.setDevicePermissionHandler(() => false);
}
