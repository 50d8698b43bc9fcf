import type { EventChannel, EventChannels } from '../../contract/channels.ts';

export type EventListener = <E extends EventChannel>(event: E, payload: EventChannels[E]) => void;

/** Typed fan-out of the events main pushes to the renderer (see `EventChannels`). */
export class CoreEvents {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventChannel>(event: E, payload: EventChannels[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
