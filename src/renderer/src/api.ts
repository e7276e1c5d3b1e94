import type { MethodName, QuireApi } from '../../shared/api.ts';
import type { ShellCommand, WireResult } from '../../shared/methods.ts';

/** What the desktop app's preload exposes: one call for every method (its channel checked there), and the menu's commands. */
export interface QuireBridge {
  call(method: string, input: unknown): Promise<unknown>;
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
export function clientOf(send: (method: MethodName, input: unknown) => Promise<unknown>): QuireApi {
  const methods = new Map<string, (input: unknown) => Promise<unknown>>();
  return new Proxy(Object.create(null) as QuireApi, {
    get(_target, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      let f = methods.get(name);
      if (!f) methods.set(name, (f = (input: unknown) => send(name as MethodName, input)));
      return f;
    },
  });
}

/** The API over the browser harness's HTTP endpoint; the token comes from the page URL's fragment. */
export function httpClient(token: string, fetcher: typeof fetch = fetch): QuireApi {
  return clientOf(async (method, input) => {
    let response: Response;
    try {
      response = await fetcher(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Quire-Token': token },
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
    if (response.status === 401 || response.status === 403) throw new ApiError('forbidden', 'This page is not allowed to use Quire: open the address Quire printed, with its token.');
    throw new ApiError('internal', `Quire answered ${response.status}: ${text}`);
  });
}

function wireResult(text: string): WireResult<unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && 'ok' in value ? (value as WireResult<unknown>) : null;
  } catch {
    return null;
  }
}

/** The API client: the desktop bridge when there is one, else the browser harness. */
export function apiClient(): QuireApi {
  const bridge = window.quire;
  if (bridge) return clientOf((method, input) => bridge.call(method, input));
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  return httpClient(token);
}
