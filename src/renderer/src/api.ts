import type { QuireApi } from '../../shared/api.ts';
import { methodNames, type ShellCommand, type WireResult } from '../../shared/methods.ts';

declare global {
  interface Window {
    /** Provided by the desktop app's preload. */
    quire?: QuireApi;
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

/** The API over the browser harness's HTTP endpoint; the token comes from the page URL's fragment. */
export function httpClient(token: string, fetcher: typeof fetch = fetch): QuireApi {
  const entries = methodNames.map((method) => [
    method,
    async (input: unknown) => {
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
    },
  ]);
  return Object.fromEntries(entries) as QuireApi;
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
  if (window.quire) return window.quire;
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
  return httpClient(token);
}
