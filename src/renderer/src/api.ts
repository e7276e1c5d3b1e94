import type { MethodName, QuireClient } from '../../shared/api.ts';
import { isServerEvent, type EventSubscription, type ServerEventListener } from '../../shared/events.ts';
import {
  REQUEST_METHODS,
  SOCKET_CALL_BYTES,
  SOCKET_PATH,
  SOCKET_PROTOCOL,
  type ShellCommand,
  type WireResult,
} from '../../shared/methods.ts';

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

/** What a call that cannot reach the server says. */
const unreachable = () => new ApiError('offline', 'Quire is not reachable: is `npm run web` still running?');

/**
 * The API over the browser harness (web.ts), the token from the page URL's
 * fragment: each call over the harness's WebSocket, which answers in about a
 * millisecond where a request of its own takes several; a call too large for
 * it (an upload), and any call while it cannot be opened, as a POST; the
 * engine's events from its event stream.
 */
export function webClient(
  token: string,
  fetcher: typeof fetch = fetch,
  /** The harness's WebSocket for calls (its address, without the page's id) and how to open one; none: every call a request. */
  socket?: { url: string; Socket: typeof WebSocket },
): QuireClient {
  const origin = newOrigin();
  /** A call as a request of its own (POST), or a large answer to a call over the socket (GET from where it says). */
  const request = async (path: string, body?: string): Promise<WireResult<unknown>> => {
    let response: Response;
    try {
      response = await fetcher(
        path,
        body === undefined
          ? { headers: { 'X-Quire-Token': token } }
          : {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'X-Quire-Token': token, 'X-Quire-Client': origin },
              body,
            },
      );
    } catch {
      throw unreachable();
    }
    // The engine's answer, an error too (400, 404, 413…), is JSON; the server's own refusals are plain text.
    const text = await response.text();
    const result = wireResult(text);
    if (result) return result;
    if (response.status === 401 || response.status === 403)
      throw new ApiError(
        'forbidden',
        'This page is not allowed to use Quire: open the address Quire printed, with its token.',
      );
    throw new ApiError('internal', `Quire answered ${response.status}: ${text}`);
  };
  const overSocket =
    socket && socketCalls(`${socket.url}?client=${origin}`, token, socket.Socket, (path) => request(path));
  return clientOf(
    async (method, input) => {
      const body = JSON.stringify(input ?? {});
      // A UTF-16 unit is at most 3 bytes of UTF-8.
      const result =
        (overSocket &&
          !REQUEST_METHODS.has(method) &&
          body.length * 3 <= SOCKET_CALL_BYTES &&
          (await overSocket(method, body))) ||
        (await request(`/api/${method}`, body));
      if (result.ok) return result.value;
      throw new ApiError(result.error.code, result.error.message);
    },
    { subscribe: eventStream(token, fetcher), origin },
  );
}

/** How long calls go as requests after the WebSocket could not be opened, before it is tried again (ms). */
const SOCKET_RETRY_MS = 5000;

/**
 * Calls over the harness's WebSocket, opened with the first call and again after
 * it closes. A call resolves with the engine's answer, or with null when the
 * socket cannot be opened (its caller then makes it a request, which says why
 * if the server refuses it too); a call sent on a socket that closes before it
 * is answered fails as unreachable, as a request would: it may have been made.
 */
function socketCalls(
  url: string,
  token: string,
  Socket: typeof WebSocket,
  fetchAnswer: (path: string) => Promise<WireResult<unknown>>,
): (method: string, body: string) => Promise<WireResult<unknown> | null> {
  let opening: Promise<WebSocket | null> | null = null;
  let failedAt = -Infinity;
  let next = 1;
  const pending = new Map<
    number,
    { resolve: (answer: WireResult<unknown> | Promise<WireResult<unknown>>) => void; reject: (e: Error) => void }
  >();
  const decoder = new TextDecoder();
  const open = () =>
    new Promise<WebSocket | null>((resolve) => {
      let ws: WebSocket;
      try {
        ws = new Socket(url, [SOCKET_PROTOCOL, token]);
      } catch {
        failedAt = performance.now();
        return resolve(null);
      }
      ws.binaryType = 'arraybuffer';
      let opened = false;
      ws.onopen = () => {
        opened = true;
        resolve(ws);
      };
      ws.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
        const answer = parseJson(typeof event.data === 'string' ? event.data : decoder.decode(event.data)) as
          ((WireResult<unknown> | { fetch: string }) & { id?: unknown }) | null;
        const call = typeof answer?.id === 'number' ? pending.get(answer.id) : undefined;
        if (!call) return;
        pending.delete(answer!.id as number);
        // A large answer is fetched from where the server keeps it.
        call.resolve('fetch' in answer! ? fetchAnswer(answer.fetch) : answer!);
      };
      ws.onclose = () => {
        opening = null;
        if (!opened) {
          failedAt = performance.now();
          resolve(null);
        }
        for (const call of pending.values()) call.reject(unreachable());
        pending.clear();
      };
    });
  return async (method, body) => {
    if (!opening) {
      if (performance.now() - failedAt < SOCKET_RETRY_MS) return null;
      opening = open();
    }
    const tried = opening;
    const ws = await tried;
    // One that could not be made is tried again after SOCKET_RETRY_MS (one that opened and closed clears itself).
    if (!ws && opening === tried) opening = null;
    if (!ws || ws.readyState !== ws.OPEN) return null;
    const id = next++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      ws.send(`{"id":${id},"method":${JSON.stringify(method)},"input":${body}}`);
    });
  };
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
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return webClient(
    token,
    fetch,
    typeof WebSocket === 'function'
      ? { url: `${scheme}://${window.location.host}${SOCKET_PATH}`, Socket: WebSocket }
      : undefined,
  );
}
