import { powerMonitor } from 'electron';
import type { PowerEvent } from '../core/auto-lock.ts';

/** What the shell tells the core's auto-lock (see `AutoLock` in main/core/auto-lock.ts). */
export interface PowerEventSink {
  powerEvent(event: PowerEvent): void;
  useSystemIdleTime(seconds: () => number): void;
}

/**
 * Forwards the OS's screen-lock and suspend events and its idle time to the core, which
 * decides whether to lock. Call after `ready`: powerMonitor is unavailable before.
 */
export function forwardPowerEvents(sink: PowerEventSink): void {
  powerMonitor.on('lock-screen', () => sink.powerEvent('lock-screen'));
  powerMonitor.on('suspend', () => sink.powerEvent('suspend'));
  sink.useSystemIdleTime(() => powerMonitor.getSystemIdleTime());
}
