import type { MethodName, QuireClient } from '../../shared/api.ts';
import { isServerEvent, type EventSubscription, type ServerEventListener } from '../../shared/events.ts';
import type { ShellCommand, WireResult } from '../../shared/methods.ts';

/** What the desktop app's preload exposes: one call for every method (its channel checked there), and the engine's events. */
export interface QuireBridge {
  call(method: string, input: unknown, origin?: string): Promise<unknown>;
  onEvent(listener: ServerEventListener): () => void;
}

declare global {
  interface Window {
    /** Provided by the desktop app's preload. */
    quire?: QuireBridge;
    /** The desktop app's menu commands (absent in the browser). */
    quireShell?: { onCommand(listener: (command: ShellCommand) => void): () => void };
  }
}

/** An error from the engine, with its stable code. */
export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The API as one async function per method, each sending its name and input
 * through `send`. The methods are not listed here (the list lives with the
 * schemas, which the renderer does not load): any name asked for becomes a
 * call, and the engine answers an unknown one with an error. Not a thenable,
 * so it can be awaited and returned from async functions as itself.
 */
export function clientOf(
  send: (method: MethodName, input: unknown) => Promise<unknown>,
  events?: EventSubscription,
): QuireClient {
  const methods = new Map<string, (input: unknown) => Promise<unknown>>();
  return new Proxy(Object.create(null) as QuireClient, {
    get(_target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      if (name === 'subscribe' || name === 'origin') return events?.[name];
      let f = methods.get(name);
      if (!f) methods.set(name, (f = (input: unknown) => send(name as MethodName, input)));
      return f;
    },
  });
}

/** This page's id: the engine marks the changes its calls make with it. */
const newOrigin = () => crypto.randomUUID();

/** The API over the browser harness's HTTP endpoint, and its event stream; the token comes from the page URL's fragment. */
export function httpClient(token: string, fetcher: typeof fetch = fetch): QuireClient {
  const origin = newOrigin();
  return clientOf(
    async (method, input) => {
      let response: Response;
      try {
        response = await fetcher(`/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Quire-Token': token, 'X-Quire-Client': origin },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        throw new ApiError('offline', 'Quire is not reachable: is `npm run web` still running?');
      }
      // The engine's answer, an error too (400, 404, 413…), is JSON; the server's own refusals are plain text.
      const text = await response.text();
      const result = wireResult(text);
      if (result?.ok) return result.value;
      if (result) throw new ApiError(result.error.code, result.error.message);
      if (response.status === 401 || response.status === 403)
        throw new ApiError(
          'forbidden',
          'This page is not allowed to use Quire: open the address Quire printed, with its token.',
        );
      throw new ApiError('internal', `Quire answered ${response.status}: ${text}`);
    },
    { subscribe: eventStream(token, fetcher), origin },
  );
}

/**
 * The harness's event stream (Server-Sent Events from GET /api/events), read
 * with fetch so the token goes in a header: one connection however many
 * listeners, opened with the first and closed with the last. A stream that
 * drops (the server restarted, the machine slept) is opened again a second later.
 */
function eventStream(token: string, fetcher: typeof fetch): EventSubscription['subscribe'] {
  const listeners = new Set<ServerEventListener>();
  let connection: AbortController | null = null;
  const connect = async () => {
    const controller = (connection = new AbortController());
    let refused = false;
    try {
      const response = await fetcher('/api/events', { headers: { 'X-Quire-Token': token }, signal: controller.signal });
      refused = response.status === 401 || response.status === 403;
      if (!response.ok || !response.body) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += chunk.value;
        const messages = buffer.split('\n\n');
        buffer = messages.pop() ?? '';
        for (const message of messages) tell(message);
      }
    } catch {
      // Stopped, or the server went away: opened again below while someone listens.
    } finally {
      const again = () => !refused && connection === controller && listeners.size > 0;
      if (again()) setTimeout(() => again() && void connect(), 1000);
    }
  };
  const tell = (message: string) => {
    const data = message
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6))
      .join('\n');
    if (!data) return;
    const event = parseJson(data);
    if (isServerEvent(event)) for (const listener of [...listeners]) listener(event);
  };
  return (listener) => {
    listeners.add(listener);
    if (!connection) void connect();
    return () => {
      listeners.delete(listener);
      if (listeners.size) return;
      connection?.abort();
      connection = null;
    };
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function wireResult(text: string): WireResult<unknown> | null {
  const value = parseJson(text);
  return value && typeof value === 'object' && 'ok' in value ? (value as WireResult<unknown>) : null;
}

/** The API client: the desktop bridge when there is one, else the browser harness. */
export function apiClient(): QuireClient {
  const bridge = window.quire;
  if (bridge) {
    const origin = newOrigin();
    return clientOf((method, input) => bridge.call(method, input, origin), {
      subscribe: (listener) => bridge.onEvent(listener),
      origin,
    });
  }
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  return httpClient(token);
}
