import type { QuireApi } from '../../shared/api.ts';

declare global {
  interface Window {
    quire: QuireApi;
  }
}

/** The API client: window.quire, provided by the preload (desktop) or the browser harness. */
export function apiClient(): QuireApi {
  return window.quire;
}
