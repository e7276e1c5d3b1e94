// What crosses a process boundary besides the contract's schemas, for code
// that must stay small (the sandboxed preload, the renderer: no zod). The
// methods' names come from the contract (api.ts); clients here need none: a
// call names its method, and the engine says when there is no such method.
export type { MethodName } from './api.ts';

/** How a failed call crosses a process boundary. */
export interface WireError {
  code: string;
  message: string;
}
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** The browser harness's WebSocket for calls (web.ts): where it is, and the subprotocol a page asks for beside its token. */
export const SOCKET_PATH = '/api/socket';
export const SOCKET_PROTOCOL = 'quire-api';
/** The largest call the page sends over the WebSocket (UTF-8 bytes); a larger one (an upload) is a request of its own. */
export const SOCKET_CALL_BYTES = 1024 * 1024;
/**
 * Calls whose answers hold a whole text, or every coding of one: the page makes each a request of its own, which
 * the browser carries beside the others, rather than a message the socket's other answers would wait behind.
 */
export const REQUEST_METHODS: ReadonlySet<string> = new Set(['getDocument', 'listCodingMarks']);

/** Commands the desktop shell sends to the window (menu items, another project opened); what calls change reaches it as events (events.ts). */
export const shellCommands = [
  'find',
  'newPane',
  'closePane',
  'nextHit',
  'previousHit',
  'undo',
  'redo',
  'projectChanged',
] as const;
export type ShellCommand = (typeof shellCommands)[number];
export const SHELL_COMMAND_CHANNEL = 'quire:command';

export function isShellCommand(value: unknown): value is ShellCommand {
  return typeof value === 'string' && (shellCommands as readonly string[]).includes(value);
}

/** Projects to merge in, not articles: REFI-QDA files from other QDA programs (a project, a codebook, a bare project file) and other Quire projects. */
export const EXCHANGE_EXTENSIONS = ['.qdpx', '.qdc', '.qde', '.quire'] as const;
export const isExchangeFile = (name: string) => EXCHANGE_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));

/** The files Quire imports as articles (the engine's importer registry; a test keeps the two lists equal). */
export const ARTICLE_EXTENSIONS = [
  '.txt',
  '.text',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.xhtml',
  '.mhtml',
  '.mht',
  '.pdf',
  '.docx',
  '.odt',
  '.rtf',
  '.csv',
  '.json',
  '.ris',
  '.bib',
  '.bibtex',
  '.png',
  '.jpg',
  '.jpeg',
  '.tif',
  '.tiff',
] as const;

/** The formats an export writes (the contract's ExportFormat is made of this list; here without zod, for the command line's help). */
export const EXPORT_FORMATS = [
  'pdf',
  'html',
  'md',
  'docx',
  'csv',
  'qdc',
  'qdpx',
  'ris',
  'csl-json',
  'attributes-csv',
  'agreement-csv',
] as const;

/** What a stance overview's rows may be besides a document attribute (the contract's StanceGrouping, without zod). */
export const STANCE_GROUPINGS = ['document', 'source', 'year', 'month'] as const;
