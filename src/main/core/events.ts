// The engine's events for one open project: every call through `call` that
// changes records, or reports progress, is told to each listener (the
// desktop window over IPC, the browser harness's event streams).
import type { ServerEvent, ServerEventListener } from '../../shared/events.ts';

export class EventHub {
  private readonly listeners = new Set<ServerEventListener>();

  /** Tells every listener; one that fails is logged and does not stop the others, or the call that emitted. */
  emit(event: ServerEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (e) {
        console.error('A listener to Quire’s events failed:', e);
      }
    }
  }

  /** Calls `listener` with each event from now on; returns a function that stops it. */
  subscribe(listener: ServerEventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
