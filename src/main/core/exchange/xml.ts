// XML for REFI-QDA: writing (fast-xml-parser's builder, with our own escaping)
// and reading into a small, forgiving element tree, plus the GUID and colour
// forms the standard uses.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { QuireError } from '../../../shared/errors.ts';

export const PROJECT_NS = 'urn:QDA-XML:project:1.0';
export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0';

// ---------------------------------------------------------------------------
// Writing

/** An element for the builder: attributes as '@_name', children by element name. */
export type XmlNode = { [key: string]: string | number | XmlNode | XmlNode[] | string[] | undefined };

// XML 1.0 cannot hold most control characters, lone surrogates or U+FFFE/U+FFFF, even escaped.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const escapeText = (s: string) =>
  s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
  // isCodable="true" must keep its value: the builder would write a bare attribute.
  suppressBooleanAttributes: false,
  // The builder's own escaping leaves CR in text and line breaks in attributes,
  // which a conforming parser would turn into LF and spaces: escape ourselves.
  processEntities: false,
  tagValueProcessor: (_name, value) => escapeText(String(value)).replace(/\r/g, '&#13;'),
  attributeValueProcessor: (_name, value) =>
    escapeText(String(value))
      .replace(/"/g, '&quot;')
      .replace(/\n/g, '&#10;')
      .replace(/\r/g, '&#13;')
      .replace(/\t/g, '&#9;'),
});

/** A whole XML document: declaration, then the one root element. */
export function buildXml(rootName: string, root: XmlNode): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [rootName]: root }).trimEnd()}\n`;
}

// ---------------------------------------------------------------------------
// Reading

/** A parsed element: attributes in `$`, children by name (always arrays), text in '#text'. */
export interface XmlElement {
  $?: Record<string, string>;
  '#text'?: string;
  [child: string]: unknown;
}

/** How deep elements may nest (the parser's own limit, said in the message). */
export const MAX_DEPTH = 100;

export const tooDeep = (what: string) =>
  new QuireError('invalid_input', `${what} nests its elements more than ${MAX_DEPTH} deep, which Quire does not read.`);

const parser = new XMLParser({
  maxNestedTags: MAX_DEPTH,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '$',
  // Some tools write prefixed names (qda:Code): the names are what matters.
  removeNSPrefix: true,
  // Text stays text: a code named "007" or a description "true" must not become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Numeric character references (&#xD;) are XML; fast-xml-parser decodes them only with this on.
  htmlEntities: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/**
 * Parses XML text (a leading BOM is allowed) into its root element, checking
 * that it is well formed first: `what` names the file in the error.
 */
export function parseXml(xml: string, what: string): { name: string; element: XmlElement } {
  const text = xml.replace(/^\uFEFF/, '');
  refuseEntities(text, what);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new QuireError('invalid_input', `${what} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (e) {
    // What the parser refuses after the check above is a refusal of the file, said as one, never a crash.
    const message = (e as Error).message;
    if (/nested tags/i.test(message)) throw tooDeep(what);
    throw new QuireError('invalid_input', `${what} cannot be read as XML: ${message}.`, { cause: e });
  }
  const name = Object.keys(doc).find((k) => !k.startsWith('?') && k !== '#text' && k !== '!--');
  if (!name) throw new QuireError('invalid_input', `${what} holds no XML element.`);
  // An empty root (<Codes/>) comes back as text, not an object.
  const root = (doc[name] as unknown[])[0];
  return {
    name,
    element: typeof root === 'object' && root !== null ? (root as XmlElement) : { '#text': String(root ?? '') },
  };
}

/**
 * REFI-QDA files never define entities. One that points outside the file (an
 * external entity: a file on this computer, a web address) is never followed;
 * one defined inside it can make a small file expand without end. Either way
 * the file is refused whole, before it is parsed, and the user is told why.
 */
export function refuseEntities(text: string, what: string): void {
  // The document type declaration, if any, comes before the first element.
  const root = text.search(/<[\p{L}_:]/u);
  const prolog = root < 0 ? text : text.slice(0, root);
  const entities = prolog.match(/<!ENTITY\s[^>]*>/g);
  if (!entities) return;
  if (entities.some((e) => /\s(?:SYSTEM|PUBLIC)\s/.test(e) || /^<!ENTITY\s+%/.test(e))) {
    throw new QuireError(
      'invalid_input',
      `${what} asks to read something outside itself (an external entity in its DTD, such as a file on this computer or a web address). Quire never follows these, and REFI-QDA files do not use them: the file was not read.`,
    );
  }
  throw new QuireError(
    'invalid_input',
    `${what} defines its own entities (in a DTD), which REFI-QDA files do not use and which can make a small file expand without end: the file was not read.`,
  );
}

/** The child elements named `name` (an element written as bare text counts, as an element with that text). */
export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  const list = el?.[name];
  if (!Array.isArray(list)) return [];
  return list.map((c) => (typeof c === 'object' && c !== null ? (c as XmlElement) : { '#text': String(c ?? '') }));
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return children(el, name)[0];
}

export function attr(el: XmlElement | undefined, name: string): string | null {
  const v = el?.$?.[name];
  return typeof v === 'string' ? v : null;
}

/** An element's own text ('' when empty). */
export function text(el: XmlElement | undefined): string {
  return typeof el?.['#text'] === 'string' ? el['#text'] : '';
}

// ---------------------------------------------------------------------------
// GUIDs and colours

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A GUID in Quire's form (lowercase, no braces), or null when `s` is not one. Tools write both forms. */
export function cleanGuid(s: string | null | undefined): string | null {
  const m = GUID.exec((s ?? '').trim());
  return m ? m[1]!.toLowerCase() : null;
}

/** '#rgb' or '#rrggbb' (any case) → '#rrggbb', else null. */
export function cleanColour(s: string | null | undefined): string | null {
  const v = (s ?? '').trim().toLowerCase();
  if (/^#[0-9a-f]{6}$/.test(v)) return v;
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`;
  return null;
}
