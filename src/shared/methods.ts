// The names of the API's methods, without their schemas, for code that must
// stay small (the sandboxed preload, the renderer: no zod). api.ts is checked against this list.
export const methodNames = [
  'projectInfo',
  'listDocuments',
  'getDocument',
  'search',
  'findInDocument',
  'updateDocument',
  'deleteDocuments',
  'importFiles',
  'importUploads',
  'checkProject',
  'getCoder',
  'setCoder',
  'getCodebook',
  'listAttributes',
  'createAttribute',
  'updateAttribute',
  'deleteAttribute',
  'setAttributeValues',
  'attributeTable',
  'fillAttribute',
  'importAttributes',
  'createCode',
  'updateCode',
  'moveCode',
  'deleteCode',
  'createCodeGroup',
  'updateCodeGroup',
  'deleteCodeGroup',
  'listCodings',
  'applyCode',
  'removeCoding',
  'getMemo',
  'setMemo',
  'mergeCodes',
  'codedSegments',
  'codeMatrix',
  'listCoders',
  'agreement',
  'disagreements',
  'settleDisagreement',
  'stanceOverview',
  'coOccurrence',
  'coOccurrencePassages',
  'autoCode',
  'replaceDocument',
  'cleanupRules',
  'previewCleanup',
  'cleanupDocuments',
  'listOrphans',
  'placeOrphan',
  'importRefiQda',
  'previewMerge',
  'mergeProject',
  'previewReport',
  'exportFile',
  'exportProgress',
  'cancelExport',
  'undo',
  'redo',
  'history',
  'listBackups',
  'restoreBackup',
  // Editing codings (reader)
  'resizeCoding',
  'recodeCoding',
  'splitCoding',
  'mergeCodings',
] as const;
export type MethodName = (typeof methodNames)[number];

/** How a failed call crosses a process boundary. */
export interface WireError {
  code: string;
  message: string;
}
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** Commands the desktop shell sends to the window (menu items, project changes). */
export const shellCommands = ['find', 'newPane', 'closePane', 'nextHit', 'previousHit', 'undo', 'redo', 'projectChanged', 'libraryChanged', 'documentsChanged'] as const;
export type ShellCommand = (typeof shellCommands)[number];
export const SHELL_COMMAND_CHANNEL = 'quire:command';

export function isShellCommand(value: unknown): value is ShellCommand {
  return typeof value === 'string' && (shellCommands as readonly string[]).includes(value);
}

/** Projects to merge in, not articles: REFI-QDA files from other QDA programs (a project, a codebook, a bare project file) and other Quire projects. */
export const EXCHANGE_EXTENSIONS = ['.qdpx', '.qdc', '.qde', '.quire'] as const;
export const isExchangeFile = (name: string) => EXCHANGE_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));

/** The files Quire imports as articles (the engine's importer registry; a test keeps the two lists equal). */
export const ARTICLE_EXTENSIONS = ['.txt', '.text', '.md', '.markdown', '.html', '.htm', '.xhtml', '.mhtml', '.mht', '.pdf', '.docx', '.odt', '.rtf', '.csv', '.json', '.ris', '.bib', '.bibtex', '.png', '.jpg', '.jpeg', '.tif', '.tiff'] as const;
