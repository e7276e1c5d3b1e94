// What Word (.docx) and OpenDocument (.odt) importers share: opening the zip
// archive safely, reading its XML parts, and laying out notes after the body;
// with Rich Text (.rtf), how a document's properties become its metadata.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { QuireError } from '../../../../shared/errors.ts';
import { plural } from '../../../../shared/text.ts';
import { extractMetadata } from '../metadata.ts';
import { normaliseText } from '../normalise.ts';
import { unzipEntries } from '../zip.ts';
import { isoDate } from './dates.ts';
import { emptyMetadata, mergeMetadata, type FoundMetadata } from './types.ts';

/** The most the parts read from a Word or OpenDocument file may unpack to; more is refused unread, as a possible zip bomb. */
export const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024;

/** The parts of a Word or OpenDocument file that `wanted` names, inflated within the limits every zip input has (../zip.ts). */
export function officeParts(
  bytes: Uint8Array,
  filename: string,
  kind: string,
  wanted: (name: string) => boolean,
): Map<string, Uint8Array> {
  return unzipEntries(bytes, { label: `“${filename}”`, kind, maxTotal: MAX_UNZIPPED_BYTES }, wanted);
}

// ---------------------------------------------------------------------------
// XML parts

/** An element or text in document order, as fast-xml-parser's preserveOrder gives it. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Text stays text, as written: "007" is not a number, spaces are not trimmed.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Numeric character references (&#x20AC;) are decoded only with this on.
  htmlEntities: true,
});

/** An XML part's bytes, parsed in document order; refused with a message when it is not well formed. */
export function parseXmlPart(bytes: Uint8Array, label: string): XmlNode[] {
  return parser.parse(wellFormedXml(bytes, label)) as XmlNode[];
}

/** An XML part's text, checked first: `label` names the part in the message when it is not well formed. */
export function wellFormedXml(bytes: Uint8Array, label: string): string {
  const utf16 =
    bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  const xml = new TextDecoder(utf16 ?? 'utf-8').decode(bytes);
  // Office formats never declare a DTD; one that does could define entities that expand without end.
  if (xml.includes('<!DOCTYPE'))
    throw new QuireError('invalid_input', `${label} declares a DTD, which office documents never do; it was not read.`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new QuireError(
      'invalid_input',
      `${label} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}).`,
    );
  return xml;
}

/** An element's name ("text:p"), or null for text. */
export function tagOf(node: XmlNode): string | null {
  for (const key of Object.keys(node)) if (key !== ':@' && key !== '#text') return key;
  return null;
}

export function childrenOf(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const children = tag ? node[tag] : null;
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

export function attrOf(node: XmlNode, name: string): string | undefined {
  const value = (node[':@'] as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** All the text inside a node. */
export function textIn(node: XmlNode): string {
  if (typeof node['#text'] === 'string') return node['#text'];
  return childrenOf(node).map(textIn).join('');
}

/** The first element whose name without its prefix is `local` ("title" for dc:title), in document order. */
export function findElement(nodes: readonly XmlNode[], local: string): XmlNode | null {
  // Without recursion: a part may nest deeply.
  const stack = nodes.slice().reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (tagOf(node)?.replace(/^.*:/, '') === local) return node;
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return null;
}

/** The text of the first element whose name without its prefix is `local`, spaces collapsed; null when empty. */
export function fieldText(nodes: readonly XmlNode[], local: string): string | null {
  const found = findElement(nodes, local);
  const text = found ? textIn(found).replace(/\s+/g, ' ').trim() : '';
  return text || null;
}

// ---------------------------------------------------------------------------
// Properties

/** Names word processors (and PDF makers) write for whoever installed them, not for an author. */
const PLACEHOLDER_AUTHORS =
  /^(?:un-?named|unknown|user|author|admin|administrator|owner|default|guest|staff|microsoft office user|windows user|python-docx|docx)$/i;

export const isPlaceholderAuthor = (name: string) => PLACEHOLDER_AUTHORS.test(name);

/** What a document's own properties say about it; dates as 'YYYY-MM-DD'. */
export interface DocumentProperties {
  title: string | null;
  author: string | null;
  created: string | null;
  modified: string | null;
  language: string | null;
}

const NO_PROPERTIES: DocumentProperties = { title: null, author: null, created: null, modified: null, language: null };

/**
 * A properties part (docProps/core.xml, meta.xml): title and language, the
 * author and dates from the elements `names` gives (the first author present
 * wins). A missing part gives none; a broken one is noted, not fatal.
 */
export function readProperties(
  bytes: Uint8Array | undefined,
  part: string,
  names: { author: readonly string[]; created: string; modified: string },
  warnings: string[],
): DocumentProperties {
  if (!bytes) return { ...NO_PROPERTIES };
  try {
    const xml = parseXmlPart(bytes, part);
    return {
      title: fieldText(xml, 'title'),
      author: names.author.map((name) => fieldText(xml, name)).find((a) => a !== null) ?? null,
      created: isoDate(fieldText(xml, names.created)),
      modified: isoDate(fieldText(xml, names.modified)),
      language: fieldText(xml, 'language'),
    };
  } catch (e) {
    warnings.push(`The document's properties (title, author, dates) could not be read: ${(e as Error).message}`);
    return { ...NO_PROPERTIES };
  }
}

/**
 * A word-processor document's metadata: its properties (the first heading
 * as title when they give none; no placeholder author), gaps filled from what
 * the text says. The file's own dates say when it was saved, not published:
 * they count only when the text gives no date.
 */
export function documentMetadata(
  body: string,
  props: Partial<DocumentProperties>,
  heading?: string | null,
): FoundMetadata {
  const found = extractMetadata(normaliseText(body));
  const metadata: FoundMetadata = {
    ...emptyMetadata(),
    title: props.title ?? (heading ? normaliseText(heading) : null),
    author: props.author && !isPlaceholderAuthor(props.author) ? props.author : null,
    published: found.published ?? props.created ?? props.modified ?? null,
    language: props.language ?? null,
  };
  return mergeMetadata(metadata, found);
}

// ---------------------------------------------------------------------------
// Layout

export interface Note {
  /** What the body shows where the note is attached ("1"), or the comment's label ("JD1"). */
  label: string;
  text: string;
}

/**
 * The body, then footnotes and endnotes under a line "Notes", and comments
 * under a line "Comments": they follow the text and never mix with it.
 */
export function withNotes(body: string, notes: readonly Note[], comments: readonly Note[]): string {
  const section = (heading: string, items: readonly Note[]) =>
    items.length ? `\n\n${heading}\n${items.map((n) => `[${n.label}] ${n.text}`).join('\n')}` : '';
  return body + section('Notes', notes) + section('Comments', comments);
}

/** Blocks of text (paragraphs, lists, tables) separated by blank lines; empty ones dropped. */
export function joinBlocks(blocks: readonly string[]): string {
  return blocks
    .map((b) => b.replace(/ +$/gm, '').replace(/^\n+|\n+$/g, ''))
    .filter((b) => b.trim() !== '')
    .join('\n\n');
}

export function imagesWarning(count: number): string[] {
  if (count === 0) return [];
  return [`${plural(count, 'image was', 'images were')} left out: Quire keeps the text only.`];
}
