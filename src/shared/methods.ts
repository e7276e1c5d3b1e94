// The names of the API's methods, without their schemas, for code that must
// stay small (the sandboxed preload). api.ts is checked against this list.
export const methodNames = [
  'projectInfo',
  'listDocuments',
  'getDocument',
  'search',
  'findInDocument',
  'importFiles',
  'importUploads',
  'checkProject',
] as const;
export type MethodName = (typeof methodNames)[number];

/** How a failed call crosses a process boundary. */
export interface WireError {
  code: string;
  message: string;
}
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: WireError };
