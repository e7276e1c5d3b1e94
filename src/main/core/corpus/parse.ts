// The work of importing one file that needs no database: read it, decode it,
// extract its text and metadata, hash it. It runs in a worker thread for large
// imports, so the main thread only writes to SQLite.
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { countCodePoints } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { plural } from '../../../shared/text.ts';
import { sha256 } from '../hash.ts';
import { readFileLimited } from './files.ts';
import {
  importerFor,
  type Detail,
  type FoundMetadata,
  type ImportContext,
  type ParsedArticle,
  type ParsedDocument,
} from './importers/index.ts';
import { DEFAULT_PARSE_OPTIONS, type OcrSummary, type ParseOptions } from './importers/types.ts';
import { readNewsExport } from './newsdb/index.ts';
import { documentIndex, type DocumentIndex } from '../db/search-index.ts';

/** A file, or one article of a file that holds many, read as a document. */
export type ParsedDocumentFile = {
  ok: true;
  format: string;
  text: string;
  metadata: FoundMetadata;
  encoding: string;
  warnings: string[];
  /** Fields the file gives that Quire has no column for (a news database's section, length, copyright…). */
  details: Detail[];
  contentHash: string;
  originalHash: string;
  originalSize: number;
  charCount: number;
  /** The file's bytes when they differ from the stored text in UTF-8; null when they are the same. */
  original: Uint8Array | null;
  /** When some or all of the text was read by OCR: as stored with the document (the doubtful words placed in its text). */
  ocr: StoredOcr | null;
  /** What the search and near-duplicate indexes will hold for it, worked out here (in the parse worker, for a large import) so writing it only stores it. */
  index: DocumentIndex;
};

/** One article of a file that holds many, named for the import report ("row 3: Title"). */
export type ParsedPart = { label: string } & (ParsedDocumentFile | { ok: false; message: string });

export type ParsedFile =
  | ParsedDocumentFile
  | {
      ok: false;
      message: string;
      /**
       * The articles of a file that holds many (see Importer.parseMany). Such a
       * file is not one document, so `ok` is false and `message` says why to
       * callers that need one (replacing a document's text); an import writes
       * each part instead.
       */
      parts?: ParsedPart[];
    };

/**
 * About how many bytes a parsed file holds in memory: its texts at two bytes a character (the most V8 takes), its
 * index rows, the original bytes it keeps and a little for the rest. An import bounds what it holds by this, not
 * by the files' sizes on disk: a text file becomes about three times its size (its text, its index text, its word
 * map), and one file of a news export becomes many articles.
 */
export function parsedSize(file: ParsedFile): number {
  if (file.ok) return documentSize(file);
  return (file.parts ?? []).reduce(
    (n, p) => n + (p.ok ? documentSize(p) : 2 * p.message.length),
    2 * file.message.length,
  );
}

function documentSize(d: ParsedDocumentFile): number {
  const chars = (v: string | null) => 2 * (v?.length ?? 0);
  const { index } = d;
  return (
    chars(d.text) +
    (d.original?.byteLength ?? 0) +
    16 * (d.ocr?.doubtful.length ?? 0) +
    chars(index.title) +
    chars(index.body) +
    chars(index.source) +
    chars(index.author) +
    (index.titleMap?.byteLength ?? 0) +
    index.bodyMap.byteLength +
    8 * index.buckets.length +
    1024
  );
}

export async function parseFile(
  path: string,
  maxBytes: number,
  options: ParseOptions = DEFAULT_PARSE_OPTIONS,
): Promise<ParsedFile> {
  try {
    return await parseBytes(
      basename(path),
      readFileLimited(path, maxBytes),
      options,
      besideFile(path, maxBytes, options),
    );
  } catch (e) {
    return { ok: false, message: e instanceof QuireError ? e.message : String(e) };
  }
}

/** An uploaded file comes alone: the files it names are not there to read. */
const UPLOADED: ImportContext = {
  attachment: async () => ({
    error: 'it was not uploaded with the file (import the export’s folder from disk to include its attachments).',
  }),
};

/**
 * The files an export names, read from its folder (Zotero's "Export Files"
 * puts them in files/<n>/ beside it). Only files inside that folder are read:
 * a path outside it, in a file from someone else, could name anything on this
 * computer.
 */
function besideFile(path: string, maxBytes: number, options: ParseOptions): ImportContext {
  const folder = dirname(resolve(path));
  return {
    async attachment(named) {
      const full = resolve(folder, named);
      const inside = relative(folder, full);
      if (inside.startsWith('..') || isAbsolute(inside))
        return { error: 'it is outside the folder of the export, so Quire does not read it.' };
      const importer = await importerFor(full)?.load();
      if (!importer || importer.parseMany) return { error: 'Quire cannot import this kind of file as a full text.' };
      try {
        return { document: await importer.parse(readFileLimited(full, maxBytes), basename(full), options) };
      } catch (e) {
        return { error: e instanceof QuireError ? e.message : String((e as Error)?.message ?? e) };
      }
    },
  };
}

/** Parses a file's bytes by its name's extension. */
export async function parseBytes(
  name: string,
  bytes: Uint8Array,
  options: ParseOptions = DEFAULT_PARSE_OPTIONS,
  context: ImportContext = UPLOADED,
): Promise<ParsedFile> {
  const entry = importerFor(name);
  if (!entry) return { ok: false, message: 'Quire cannot import this kind of file.' };
  const importer = await entry.load();
  try {
    if (importer.parseMany) return manyArticles(name, entry.format, await importer.parseMany(bytes, name, context));
    const parsed = await importer.parse(bytes, name, options);
    // A news database's export is recognised from its text, whatever kind of file holds it.
    const news = readNewsExport(parsed.layout ?? parsed.text, parsed.encoding, parsed.warnings, {
      reflow: parsed.layout !== undefined,
    });
    if (!news) return documentFile(entry.format, parsed, bytes);
    const only = news.articles.length === 1 ? news.articles[0]! : null;
    return only && 'document' in only
      ? documentFile(entry.format, only.document, bytes)
      : manyArticles(name, entry.format, news.articles);
  } catch (e) {
    const message =
      e instanceof QuireError
        ? e.message
        : `The file could not be read as ${importer.description}: ${(e as Error)?.message ?? e}`;
    return { ok: false, message };
  }
}

/** A file that holds many articles: not one document, but each of its articles. */
function manyArticles(name: string, format: string, articles: readonly ParsedArticle[]): ParsedFile {
  const parts = articles.map(({ label, ...article }): ParsedPart =>
    'document' in article
      ? { label, ...documentFile(format, article.document, null) }
      : { label, ok: false, message: article.error },
  );
  const message = `“${name}” holds ${plural(parts.length, 'article')} (an export of many); import it to add each as its own document.`;
  return { ok: false, message, parts };
}

/**
 * Hashes a parsed document. `bytes` are the file it was read from, kept as its
 * original when they differ from the text; an article of a file that holds
 * many has none (the whole export would be stored again with every article).
 */
function documentFile(format: string, parsed: ParsedDocument, bytes: Uint8Array | null): ParsedDocumentFile {
  const stored = Buffer.from(parsed.text, 'utf8');
  const original =
    bytes && !stored.equals(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)) ? bytes : null;
  const contentHash = sha256(stored);
  return {
    ok: true,
    format,
    text: parsed.text,
    metadata: parsed.metadata,
    encoding: parsed.encoding,
    warnings: parsed.warnings,
    details: parsed.details ?? [],
    contentHash,
    originalHash: original ? sha256(original) : contentHash,
    originalSize: bytes?.length ?? stored.length,
    charCount: countCodePoints(parsed.text),
    original,
    ocr: parsed.ocr ? storedOcr(parsed.text, parsed.ocr) : null,
    index: documentIndex({
      title: parsed.metadata.title,
      body: parsed.text,
      source: parsed.metadata.source,
      author: parsed.metadata.author,
    }),
  };
}

/** How a document's text was read by OCR, as it is kept with the document (DocumentDetail.ocr). */
export interface StoredOcr {
  languages: string[];
  confidence: number;
  pages: number[];
  /** The words OCR was unsure of, as code point spans of the text. */
  doubtful: [number, number][];
}

/**
 * The doubtful words placed in the text: OCR lists them in the order it read
 * them, which is the text's order, so each is looked for after the one before
 * (and from the start again if reading order moved it: a column read later).
 */
function storedOcr(text: string, ocr: OcrSummary): StoredOcr {
  const doubtful: [number, number][] = [];
  let from = 0;
  // Code points before `from`, carried along so a long text is counted once, not once per word.
  let fromPoint = 0;
  for (const word of ocr.uncertain) {
    let at = text.indexOf(word, from);
    let base = [from, fromPoint];
    if (at < 0) {
      at = text.indexOf(word);
      base = [0, 0];
    }
    if (at < 0) continue;
    const start = base[1]! + countCodePoints(text.slice(base[0], at));
    doubtful.push([start, start + countCodePoints(word)]);
    from = at + word.length;
    fromPoint = start + countCodePoints(word);
  }
  doubtful.sort((a, b) => a[0] - b[0]);
  return { languages: ocr.languages, confidence: ocr.confidence, pages: ocr.pages, doubtful };
}
