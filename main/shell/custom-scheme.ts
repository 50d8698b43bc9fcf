import { resolve } from 'node:path';
import { app } from 'electron';
import { CUSTOM_SCHEME } from '../core/app-core.ts';
import { findSchemeUrlInArgv, isSchemeUrl } from '../core/flows/redirect-parser.ts';

/**
 * Takes the single-instance lock, so a redirect the OS hands to a second launch reaches the
 * instance holding the pending sign-in. Quits this instance and returns false if another
 * instance already runs.
 */
export function claimSingleInstance(): boolean {
  if (app.requestSingleInstanceLock()) return true;
  app.quit();
  return false;
}

/**
 * Registers the app as the handler of its RFC 8252 private-use scheme. When run unpackaged
 * (`electron .`), the OS must launch Electron with the app path, which Windows needs spelled
 * out; packaged builds also declare the scheme in electron-builder.yml.
 */
export function registerAsSchemeHandler(): void {
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(CUSTOM_SCHEME, process.execPath, [resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(CUSTOM_SCHEME);
  }
}

export interface SchemeUrlSinks {
  /** Gets each redirect URL; the core's redirect inbox buffers them until it is started. */
  receive(url: string): void;
  /** Brings the app to the front after a redirect or a second launch. */
  activate(): void;
}

/**
 * Wires every way a private-use-scheme redirect reaches the app: `open-url` (macOS, possibly
 * before `ready`, so call this early), `second-instance` (Windows, Linux: the URL is in the
 * second launch's argv) and this launch's own argv. URLs are only handed on, never logged:
 * they carry authorization codes.
 */
export function listenForSchemeUrls(sinks: SchemeUrlSinks): void {
  app.on('open-url', (event, url) => {
    event.preventDefault();
    if (isSchemeUrl(url, CUSTOM_SCHEME)) sinks.receive(url);
    sinks.activate();
  });
  app.on('second-instance', (_event, argv) => {
    const url = findSchemeUrlInArgv(argv, CUSTOM_SCHEME);
    if (url) sinks.receive(url);
    sinks.activate();
  });
  const launchUrl = findSchemeUrlInArgv(process.argv, CUSTOM_SCHEME);
  if (launchUrl) sinks.receive(launchUrl);
}
