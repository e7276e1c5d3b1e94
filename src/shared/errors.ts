// Errors a person can cause and should read. `code` is stable for programs;
// `message` is written for the user.
export type ErrorCode =
  | 'not_found'
  | 'project_missing'
  | 'not_a_project'
  | 'project_too_new'
  | 'project_locked'
  | 'disk_full'
  | 'read_only'
  /** The project file is damaged: a page of it cannot be read. */
  | 'damaged'
  | 'invalid_input'
  /** A write would give a passage two values of an exclusive group by the same coder; the message lists the passages. */
  | 'exclusive_conflict'
  | 'cancelled'
  /** Refused while the coder codes blind: it would show or change other coders' work. */
  | 'blind'
  | 'internal';

export class QuireError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QuireError';
    this.code = code;
  }
}

export function isQuireError(e: unknown): e is QuireError {
  return e instanceof QuireError;
}
