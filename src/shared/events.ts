// What the engine tells its clients without being asked: how long work is
// getting on, and which kinds of record a call changed. Plain types, no zod:
// the sandboxed preload and the renderer use them. An event never carries
// what was written (no text, quote, memo or name of a code or coder), so a
// coder coding blind learns nothing from it about the other coders' work.

/** The kinds of record a call can change; a client reloads what shows them. */
export const RECORD_KINDS = ['documents', 'codings', 'codebook', 'attributes', 'memos'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Long work that reports how far it has got. */
export const WORKS = ['import', 'export', 'words'] as const;
export type Work = (typeof WORKS)[number];

export type ServerEvent =
  /** `done` of `total` steps of `work`, now on `current` (a file's name or a document's title); done = total when it ends. */
  | { type: 'progress'; work: Work; done: number; total: number; current: string }
  /** A call changed these kinds of record (never which ones, or how); `origin` is the client that made the call, when it said. */
  | { type: 'changed'; kinds: RecordKind[]; origin?: string };

export type ServerEventListener = (event: ServerEvent) => void;

/** The engine's events as a client hears them, and the client's own id, which the changes it makes come back marked with. */
export interface EventSubscription {
  subscribe(listener: ServerEventListener): () => void;
  origin: string;
}

/** The desktop app's channel for events, main to window. */
export const EVENT_CHANNEL = 'quire:event';

/** Whether a message that arrived over a channel is an event this version knows: the preload passes on nothing else. */
export function isServerEvent(value: unknown): value is ServerEvent {
  if (!value || typeof value !== 'object') return false;
  const e = value as Record<string, unknown>;
  if (e.type === 'changed')
    return (
      Array.isArray(e.kinds) &&
      e.kinds.every((k) => (RECORD_KINDS as readonly unknown[]).includes(k)) &&
      (e.origin === undefined || typeof e.origin === 'string')
    );
  return (
    e.type === 'progress' &&
    (WORKS as readonly unknown[]).includes(e.work) &&
    typeof e.done === 'number' &&
    typeof e.total === 'number' &&
    typeof e.current === 'string'
  );
}
