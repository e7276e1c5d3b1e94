// Checking an incoming project.qde or codebook (.qdc) against the REFI-QDA
// schemas (schemas/, as the standard publishes them) with libxml2's xmllint,
// and keeping what is valid: an element that breaks the schema in a way that
// matters (a code with no name, a selection whose start is not a number) is
// left out with what is inside it and said, by its line in the user's file;
// what does no harm (attributes the standard does not define, elements in
// another order) is read as before. A file that is not well-formed XML is
// refused, with the line where it breaks.
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { QuireError } from '../../../shared/errors.ts';
import { plural } from '../../../shared/text.ts';
import {
  CODEBOOK_NS,
  cleanColour,
  cleanGuid,
  MAX_DEPTH,
  parseXml,
  PROJECT_NS,
  refuseEntities,
  tooDeep,
  type XmlElement,
} from './xml.ts';

type Kind = 'project' | 'codebook';

// Beside this module in the sources, beside the bundle once built (electron.vite.config.ts copies them).
const SCHEMA_URLS: Record<Kind, URL> = {
  project: new URL('./schemas/Project-mrt2019.xsd', import.meta.url),
  codebook: new URL('./schemas/Codebook-mrt2019.xsd', import.meta.url),
};
const NAMESPACES: Record<Kind, string> = { project: PROJECT_NS, codebook: CODEBOOK_NS };

interface Schema {
  xsd: string;
  /** The child elements the schema allows in each element, by name. */
  allowed: Map<string, Set<string>>;
}
const schemas = new Map<Kind, Schema>();

function schema(kind: Kind): Schema {
  let found = schemas.get(kind);
  if (!found) {
    const xsd = readFileSync(SCHEMA_URLS[kind], 'utf8');
    const typeChildren = new Map<string, string[]>();
    for (const [, type, body] of xsd.matchAll(/<xsd:complexType name="(\w+)">([\s\S]*?)<\/xsd:complexType>/g)) {
      typeChildren.set(
        type!,
        [...body!.matchAll(/<xsd:element name="(\w+)"/g)].map((m) => m[1]!),
      );
    }
    const allowed = new Map<string, Set<string>>();
    for (const [, name, type] of xsd.matchAll(/<xsd:element name="(\w+)" type="(\w+)"/g)) {
      const set = allowed.get(name!) ?? new Set<string>();
      for (const c of typeChildren.get(type!) ?? []) set.add(c);
      allowed.set(name!, set);
    }
    found = { xsd, allowed };
    schemas.set(kind, found);
  }
  return found;
}

/** A start tag in the file: where it is, its name without prefix, and the element it is in. */
interface Tag {
  offset: number;
  /** Just after its name, where an attribute can be added. */
  nameEnd: number;
  name: string;
  /** 1-based, in the user's file. */
  line: number;
  parent: string | null;
  /** How many elements it is inside. */
  depth: number;
  /** Whether elements are nested inside it. */
  hasChildren: boolean;
}

/** The start tags of well-formed-looking XML, in order; comments, CDATA, declarations and instructions are passed over. */
function scanTags(text: string): { tags: Tag[]; unclosed: Tag[] } {
  const tags: Tag[] = [];
  const open: Tag[] = [];
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number) => {
    for (let n = text.indexOf('\n', counted); n !== -1 && n < offset; n = text.indexOf('\n', n + 1)) line++;
    counted = offset;
    return line;
  };
  const skipTo = (from: number, end: string) => {
    const at = text.indexOf(end, from);
    return at < 0 ? text.length : at + end.length;
  };
  for (let i = text.indexOf('<'); i !== -1 && i < text.length; i = text.indexOf('<', i)) {
    if (text.startsWith('<!--', i)) i = skipTo(i + 4, '-->');
    else if (text.startsWith('<![CDATA[', i)) i = skipTo(i + 9, ']]>');
    else if (text.startsWith('<?', i)) i = skipTo(i + 2, '?>');
    else if (text.startsWith('<!', i))
      i = skipTo(i + 2, text.indexOf('[', i) !== -1 && text.indexOf('[', i) < text.indexOf('>', i) ? ']>' : '>');
    else if (text[i + 1] === '/') {
      open.pop();
      i = skipTo(i + 2, '>');
    } else {
      const name = /^[^\s/>]+/.exec(text.slice(i + 1, i + 257))?.[0] ?? '';
      const parent = open.at(-1);
      if (parent) parent.hasChildren = true;
      const tag: Tag = {
        offset: i,
        nameEnd: i + 1 + name.length,
        name: name.replace(/^.*:/, ''),
        line: lineAt(i),
        parent: parent?.name ?? null,
        depth: open.length,
        hasChildren: false,
      };
      tags.push(tag);
      // The tag ends at the first > outside quotes.
      let j = tag.nameEnd;
      for (let quote = ''; j < text.length; j++) {
        const c = text[j]!;
        if (quote) quote = c === quote ? '' : quote;
        else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      if (text[j - 1] !== '/') open.push(tag);
      i = j + 1;
    }
  }
  return { tags, unclosed: open };
}

/** One thing xmllint said, placed in the user's file. */
interface Finding {
  line: number;
  /** The start tag it is about (for errors inside one), or null. */
  tag: number | null;
  message: string;
  /** Whether the XML itself is broken (not only against the schema). */
  parse: boolean;
}

/**
 * The copy xmllint checks: each start tag on a line of its own, so that an
 * error names one element even in a file written on one line, and the
 * standard's namespace on the root when a program left it out.
 */
function validationCopy(text: string, tags: readonly Tag[], kind: Kind): { copy: string; copyLines: number[] } {
  const pieces: string[] = [];
  const copyLines: number[] = [];
  let from = 0;
  tags.forEach((tag, k) => {
    pieces.push(text.slice(from, tag.offset), '\n');
    copyLines.push(tag.line + k + 1);
    from = tag.offset;
    if (k === 0) {
      const start = text.slice(tag.offset, text.indexOf('>', tag.offset));
      if (!/\sxmlns\s*=/.test(start) && !text.slice(tag.offset + 1, tag.nameEnd).includes(':')) {
        pieces.push(text.slice(from, tag.nameEnd), ` xmlns="${NAMESPACES[kind]}"`);
        from = tag.nameEnd;
      }
    }
  });
  pieces.push(text.slice(from));
  // The text is handed over as UTF-8 whatever the declaration says.
  const copy = pieces.join('').replace(/^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2/, '$1$2utf-8$2');
  return { copy, copyLines };
}

/**
 * A line of the copy in the user's file: each line belongs to the last start
 * tag at or before it (the one a message is about, or the one whose content it
 * is in), and before that tag the copy has one line more per tag.
 */
function placed(copyLines: readonly number[], n: number): { line: number; tag: number | null } {
  let lo = 0;
  let hi = copyLines.length - 1;
  let tag: number | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (copyLines[mid]! <= n) {
      tag = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return { line: tag === null ? n : n - (tag + 1), tag };
}

/** Runs xmllint; what it says, each placed in the user's file. */
async function runXmllint(
  copy: string,
  copyLines: readonly number[],
  kind: Kind,
  stream: boolean,
): Promise<{ findings: Finding[]; broken: boolean }> {
  const bytes = Buffer.byteLength(copy);
  // Memory for the file itself and, without streaming, its tree (a few times its size); 64 KB pages, at most 4 GB.
  const pages = Math.min(65536, 512 + Math.ceil((bytes * (stream ? 2 : 8)) / 65536));
  let output: string;
  try {
    const result = await validateXML({
      xml: [{ fileName: 'file.xml', contents: copy }],
      schema: [{ fileName: 'schema.xsd', contents: schema(kind).xsd }],
      stream,
      maxMemoryPages: pages,
    });
    output = result.rawOutput;
  } catch (e) {
    // Streaming, xmllint gives up on a file that is not well formed without saying where: the caller asks again without.
    if (stream) return { findings: [], broken: true };
    throw e;
  }
  const findings: Finding[] = [];
  let broken = false;
  for (const [, copyLine, what, message] of output.matchAll(/^file\.xml:(\d+): ([^:]*?) : (.*)$/gm)) {
    const { line, tag } = placed(copyLines, Number(copyLine));
    const parse = !/validity/i.test(what!);
    broken ||= parse;
    // libxml2 names other lines too ("tag Users line 3"): in the user's file, they are elsewhere.
    findings.push({
      line,
      tag,
      message: message!.replace(/\bline (\d+)/g, (_, n: string) => `line ${placed(copyLines, Number(n)).line}`),
      parse,
    });
  }
  return { findings, broken };
}

/**
 * Attributes without which an element means nothing: what it is called, what
 * it points at, where it starts and ends. Without a GUID of its own an element
 * is still read (Quire gives it one), as before.
 */
const ESSENTIAL = new Set([
  'name',
  'targetGUID',
  'startPosition',
  'endPosition',
  'position',
  'fromSyncPoint',
  'toSyncPoint',
]);
const ATTRIBUTE_WORDS: Record<string, string> = {
  guid: 'GUID',
  targetGUID: 'target (the GUID of what it points at)',
  name: 'name',
};

const a = (element: string) => `${/^[AEIOU]/.test(element) ? 'an' : 'a'} <${element}>`;
const local = (qualified: string) => qualified.replace(/^\{[^}]*\}/, '');

/** What a schema error means for the element it is about: left out (with why), or kept with a note, or nothing to say. */
function judge(
  message: string,
  tag: Tag | undefined,
  kind: Kind,
  startTag: string,
): { skip: string } | { note: string } | null {
  let m = /^Element '([^']+)', attribute '([^']+)': The attribute '[^']+' is not allowed\.$/.exec(message);
  if (m) return { note: `${a(local(m[1]!))} has an attribute “${m[2]}” that REFI-QDA does not define; it was ignored` };
  m = /^Element '([^']+)': The attribute '([^']+)' is required but missing\.$/.exec(message);
  if (m) {
    // A program that spelled it otherwise ("Name") is told so: that is the likeliest mistake.
    const spelled = new RegExp(`\\s([\\w:-]*?${m[2]})\\s*=`, 'i').exec(startTag)?.[1];
    const words = `${a(local(m[1]!))} has no ${ATTRIBUTE_WORDS[m[2]!] ?? `“${m[2]}”`}${spelled ? ` (it has “${spelled}”, which REFI-QDA spells “${m[2]}”)` : ''}`;
    return ESSENTIAL.has(m[2]!) ? { skip: words } : { note: `${words}; it was read without one` };
  }
  m =
    /^Element '([^']+)', attribute '([^']+)': (?:\[facet '\w+'\] The value '(.*)' is not|'(.*)' is not a valid value)/.exec(
      message,
    );
  if (m) {
    const [element, attribute, value] = [local(m[1]!), m[2]!, m[3] ?? m[4] ?? ''];
    // Forms Quire reads all the same: braces or capitals in a GUID, a short colour.
    if (/guid|user|syncpoint/i.test(attribute) && cleanGuid(value)) return null;
    if (attribute === 'color' && cleanColour(value)) return null;
    const words = `${a(element)} has a ${ATTRIBUTE_WORDS[attribute] ?? `“${attribute}”`} that is not valid (“${value}”)`;
    return ESSENTIAL.has(attribute) ? { skip: words } : { note: `${words}; it was read without it` };
  }
  m = /^Element '([^']+)': This element is not expected\./.exec(message);
  if (m) {
    const element = local(m[1]!);
    const { allowed } = schema(kind);
    // In another order than the standard's: Quire reads it where it is.
    if (tag?.parent && allowed.get(tag.parent)?.has(element)) return null;
    if (allowed.has(element))
      return {
        note: `${a(element)} is inside <${tag?.parent ?? '?'}>, where REFI-QDA does not have it; it was ignored`,
      };
    return { note: `<${element}> is not part of REFI-QDA; it was ignored` };
  }
  m = /^Element '([^']+)': Missing child element\(s\)\. Expected is (?:one of )?\( ?(.*?) ?\)\.$/.exec(message);
  if (m) {
    const wanted = m[2]!.split(',').map((s) => `<${local(s.trim())}>`);
    return { skip: `${a(local(m[1]!))} has no ${wanted.join(' or ')}` };
  }
  m = /^Element '([^']+)': (.*)$/.exec(message);
  return {
    note: `${a(local(m?.[1] ?? '?'))} does not follow the REFI-QDA standard (${m?.[2] ?? message}); it was read as it is`,
  };
}

/** "line 10: X." said of many lines becomes one: "lines 10, 13, 16 and 12 more (15 in all): X." */
function grouped(lines: readonly string[]): string[] {
  const byWords = new Map<string, number[]>();
  for (const l of lines) {
    const [, n, words] = /^line (\d+): (.*)$/.exec(l)!;
    byWords.set(words!, [...(byWords.get(words!) ?? []), Number(n)]);
  }
  return [...byWords].map(([words, at]) => {
    if (at.length === 1) return `line ${at[0]}: ${words}`;
    const each = words.replace('so it was left out', 'so each was left out');
    const lines = [...new Set(at)];
    if (lines.length === 1) return `line ${lines[0]} (${at.length} times): ${each}`;
    const shown = lines.slice(0, 5).join(', ');
    const where = lines.length > 5 ? `${shown} and ${lines.length - 5} more` : shown.replace(/, (\d+)$/, ' and $1');
    return `lines ${where}${at.length > 5 ? ` (${at.length} in all)` : ''}: ${each}`;
  });
}

/** At most this many problems are listed one by one; the rest are counted. */
const LISTED = 20;

const MARK = 'quire-left-out';

/** Removes the elements marked to be left out, at any depth. */
function prune(el: XmlElement): void {
  for (const [key, value] of Object.entries(el)) {
    if (key === '$' || key === '#text' || !Array.isArray(value)) continue;
    const kept = value.filter(
      (c) => !(typeof c === 'object' && c !== null && (c as XmlElement).$?.[MARK] !== undefined),
    );
    for (const c of kept) if (typeof c === 'object' && c !== null) prune(c as XmlElement);
    el[key] = kept;
  }
}

/** What reading a REFI-QDA XML file gives: its root, and what was left out or ignored, each by its line ("line 17: …"). */
export interface CheckedXml {
  name: string;
  element: XmlElement;
  skipped: string[];
  info: string[];
}

/** What the check found, for the import's report: `label` names the file, the first problems are listed one by one and the rest counted. */
export function problemLines(lines: readonly string[], label?: string): string[] {
  const named = lines.map((l) => (label ? `${label}, ${l}` : l));
  if (named.length <= LISTED) return named;
  return [
    ...named.slice(0, LISTED),
    `${label ? `${label}: ` : ''}… and ${plural(named.length - LISTED, 'more problem')} of these kinds.`,
  ];
}

/**
 * Parses a project.qde or codebook, checked against its schema: the elements
 * that break it in a way that matters are left out and listed. `what` names
 * the file in messages.
 */
export async function readCheckedXml(xml: string, what: string): Promise<CheckedXml> {
  const text = xml.replace(/^\uFEFF/, '');
  refuseEntities(text, what);
  const { tags, unclosed } = scanTags(text);
  // Before xmllint, whose own limit is deeper and whose message is its own.
  if (tags.some((t) => t.depth >= MAX_DEPTH)) throw tooDeep(what);
  const root = tags[0]?.name;
  const kind: Kind | null = root === 'Project' ? 'project' : root === 'CodeBook' ? 'codebook' : null;
  if (!kind) return { ...parseXml(text, what), skipped: [], info: [] };
  const { copy, copyLines } = validationCopy(text, tags, kind);
  let run: { findings: Finding[]; broken: boolean };
  try {
    run = await runXmllint(copy, copyLines, kind, true);
    if (run.broken) run = await runXmllint(copy, copyLines, kind, false);
  } catch (e) {
    // The checker itself failing (out of memory, say) is not the file's fault: it is read as before, and that is said.
    const parsed = parseXml(text, what);
    return {
      ...parsed,
      skipped: [],
      info: [
        `${what} could not be checked against the REFI-QDA standard (${(e as Error).message.split('\n')[0]}); it was read as it is.`,
      ],
    };
  }
  if (run.broken) {
    const first = run.findings.find((f) => f.parse);
    const last = text.trimEnd().split('\n').length;
    // A file that stops with elements open, and breaks only where it stops, was cut short: say that rather than what the parser tripped on.
    const words =
      first && unclosed.length && first.line >= last && !/tag mismatch/.test(first.message)
        ? `line ${last}: the file ends in the middle of ${a(unclosed.at(-1)!.name)}, with ${plural(unclosed.length, 'element')} left open; it may have been cut short`
        : first && `line ${first.line}: ${brokenWords(first.message)}`;
    if (words) throw new QuireError('invalid_input', `${what} is not well-formed XML, so it was not read (${words}).`);
    // xmllint gave no line: the parser's own message is the best there is.
    parseXml(text, what);
    throw new QuireError('invalid_input', `${what} is not well-formed XML, so it was not read.`);
  }

  const skip = new Map<number, string>();
  const notes: { tag: number | null; words: string }[] = [];
  for (const f of run.findings) {
    const tag = f.tag === null ? undefined : tags[f.tag];
    const verdict = judge(f.message, tag, kind, tag ? text.slice(tag.offset, text.indexOf('>', tag.nameEnd) + 1) : '');
    if (!verdict) continue;
    if ('note' in verdict) notes.push({ tag: f.tag, words: `line ${f.line}: ${verdict.note}.` });
    else if (f.tag !== null && !skip.has(f.tag))
      skip.set(
        f.tag,
        `line ${f.line}: ${verdict.skip}, so it was left out${tag?.hasChildren ? ' with everything inside it' : ''}.`,
      );
  }
  // What else is wrong with an element left out does not matter any more.
  const info = grouped(notes.filter((n) => n.tag === null || !skip.has(n.tag)).map((n) => n.words));
  const skipped = grouped([...skip.keys()].sort((x, y) => x - y).map((k) => skip.get(k)!));
  // Each element left out is marked where it starts; the parsed tree then drops the marked ones.
  const pieces: string[] = [];
  let from = 0;
  for (const k of [...skip.keys()].sort((x, y) => x - y)) {
    pieces.push(text.slice(from, tags[k]!.nameEnd), ` ${MARK}="1"`);
    from = tags[k]!.nameEnd;
  }
  pieces.push(text.slice(from));
  const parsed = parseXml(pieces.join(''), what);
  if (skip.has(0)) parsed.element = {};
  else prune(parsed.element);
  return { ...parsed, skipped, info };
}

/** libxml2's messages for broken XML, in words where they are not plain already. */
function brokenWords(message: string): string {
  let m = /^Premature end of data in tag (\S+) line (\d+)/.exec(message);
  if (m) return `the file ends inside <${local(m[1]!)}> (opened on line ${m[2]}): it may have been cut short`;
  m = /^Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)/.exec(message);
  if (m) return `</${m[3]}> closes <${m[1]}>, opened on line ${m[2]}`;
  m = /^Couldn't find end of Start Tag (\S+)/.exec(message);
  if (m) return `the tag <${m[1]}> is not complete`;
  if (/^Extra content at the end of the document/.test(message)) return 'something follows the end of the document';
  if (/^(?:xmlParseEntityRef: no name|EntityRef: expecting ';')/.test(message))
    return 'an “&” is not written as “&amp;”';
  if (/^Start tag expected/.test(message)) return 'it holds no XML element';
  return message.replace(/\s+$/, '');
}
