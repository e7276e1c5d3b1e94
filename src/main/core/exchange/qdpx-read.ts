// Reading a REFI-QDA project: a .qdpx zip (project.qde with its texts in
// sources/), or a bare .qde whose texts are inline. Forgiving of what real
// tools write: Project.qde or another .qde name, Sources/ in any case, a BOM,
// braced or uppercase GUIDs, texts inline (PlainTextContent) instead of in a
// file, missing optional parts. What cannot be carried over is listed.
import { checkedValue } from '../documents/attributes.ts';
import type { FoundMetadata } from '../corpus/importers/types.ts';
import { isoDate } from '../corpus/importers/dates.ts';
import { decodeText } from '../corpus/decode.ts';
import { MAX_FILE_BYTES } from '../corpus/files.ts';
import { ZipArchive, type ZipEntry } from '../corpus/zip.ts';
import { QuireError } from '../../../shared/errors.ts';
import { quoted } from '../../../shared/merge-summary.ts';
import { plural } from '../../../shared/text.ts';
import { derivedGuid } from '../guid.ts';
import {
  DATES_NOTE,
  emptyInput,
  NOTE_KIND_MARK,
  isoTime,
  type RefiCoding,
  type RefiDocument,
  type RefiVariable,
  type RefiInput,
  type RefiPassage,
} from './model.ts';
import { convertedNote, decideCounting, doubtWords, SourceText } from './positions.ts';
import { ownText, readCodes, readSets, refs } from './qdc-read.ts';
import { problemLines, readCheckedXml, type CheckedXml } from './validate.ts';
import { attr, child, children, cleanGuid, text, type XmlElement } from './xml.ts';

/** Finds a text file a source names (plainTextPath): its bytes, or why there are none. */
export type TextFiles = (path: string) => { bytes: Uint8Array } | { problem: string };

/** A bare .qde has no files beside it. */
export const NO_FILES: TextFiles = (path) => ({
  problem: `its text is in a file (${path}) that a bare .qde file does not hold`,
});

const MAX_QDE_BYTES = 512 * 1024 * 1024;

export async function readQdpx(bytes: Uint8Array, fileName: string): Promise<RefiInput> {
  const archive = openArchive(bytes, fileName);
  const label = `${archive.qdePath} in “${fileName}”`;
  const checked = await readCheckedXml(decodeXml(archive.qde, label), label);
  if (checked.name !== 'Project')
    throw new QuireError(
      'invalid_input',
      `${label} is not a REFI-QDA project: its root element is <${checked.name}>, not <Project>.`,
    );
  return withProblems(readProject(checked.element, archive.text), checked, label);
}

/**
 * What was read, with what the check against the standard left out or ignored
 * listed first; a file that broke the standard and left nothing to use is refused.
 */
export function withProblems(input: RefiInput, checked: CheckedXml, label: string): RefiInput {
  const usable =
    input.codes.length + input.sets.length + input.documents.length + input.notes.size + input.users.length;
  if (!usable && checked.skipped.length) {
    throw new QuireError(
      'invalid_input',
      `${label} holds nothing Quire can use, so nothing was imported:\n${problemLines(checked.skipped)
        .map((s) => `  ${s}`)
        .join('\n')}`,
    );
  }
  input.skipped.unshift(...problemLines(checked.skipped, label));
  input.info.unshift(...problemLines(checked.info, label));
  return input;
}

/** XML bytes to text: UTF-8, or UTF-16 with its BOM, as the decoder for imports reads them. */
export function decodeXml(bytes: Uint8Array, label: string): string {
  try {
    return decodeText(bytes).text;
  } catch (e) {
    throw new QuireError('invalid_input', `${label} cannot be read: ${(e as Error).message}`, { cause: e });
  }
}

/** What the entries Quire reads from a .qdpx (its .qde and texts) may unpack to, together: more is refused unread. */
export const MAX_QDPX_UNPACKED = 1024 * 1024 * 1024;

/**
 * The .qde of a .qdpx and a finder for its text files. Only those are inflated,
 * each when it is needed, within the limits every zip input has (../corpus/zip.ts).
 */
function openArchive(bytes: Uint8Array, fileName: string): { qde: Uint8Array; qdePath: string; text: TextFiles } {
  const tooLarge = new Set<string>();
  const archive = new ZipArchive(
    bytes,
    { label: `“${fileName}”`, kind: 'a REFI-QDA project (.qdpx)', maxTotal: MAX_QDPX_UNPACKED },
    (entry) => {
      const lower = entry.name.toLowerCase();
      if (!lower.endsWith('.qde') && !lower.endsWith('.txt')) return false;
      if (entry.size <= (lower.endsWith('.qde') ? MAX_QDE_BYTES : MAX_FILE_BYTES)) return true;
      tooLarge.add(baseName(entry.name));
      return false;
    },
  );
  const files = archive.entries.map((entry) => ({ path: entry.name.replace(/^(?:\.?\/)+/, ''), entry }));
  // project.qde at the top is the rule; a folder around it, or another name, happens.
  const depth = (p: string) => p.split('/').length;
  const qdes = files
    .filter((f) => f.path.toLowerCase().endsWith('.qde'))
    .sort(
      (a, b) =>
        depth(a.path) - depth(b.path) ||
        Number(baseName(b.path) === 'project.qde') - Number(baseName(a.path) === 'project.qde'),
    );
  const qde = qdes[0];
  if (!qde) {
    const why = [...tooLarge].some((n) => n.endsWith('.qde'))
      ? 'its project.qde is too large to read'
      : 'it holds no project.qde';
    throw new QuireError('invalid_input', `“${fileName}” is not a REFI-QDA project (.qdpx) file: ${why}.`);
  }
  // Texts are looked up by file name, those in the sources folder beside the .qde first.
  const folder = qde.path.slice(0, qde.path.length - baseName(qde.path).length).toLowerCase();
  const inSources = (p: string) => p.toLowerCase().startsWith(`${folder}sources/`);
  const texts = new Map<string, ZipEntry>();
  for (const f of [...files.filter((f) => inSources(f.path)), ...files.filter((f) => !inSources(f.path))]) {
    for (const key of keys(f.path)) if (!texts.has(key)) texts.set(key, f.entry);
  }
  const text: TextFiles = (path) => {
    if (/^(?:relative|absolute):\/\//i.test(path))
      return { problem: `its text is in a file outside the .qdpx file (${path}), which Quire does not read` };
    for (const key of keys(path)) {
      const found = texts.get(key);
      if (found) return { bytes: archive.read(found) };
      if (tooLarge.has(key)) return { problem: `its text file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
    }
    return { problem: `its text file (${path}) is missing from the .qdpx file` };
  };
  return { qde: archive.read(qde.entry), qdePath: qde.path, text };
}

const baseName = (path: string) => (path.replace(/\\/g, '/').split('/').at(-1) ?? '').toLowerCase();
/** Lookup keys for a path: its file name, also without braces around a GUID. */
const keys = (path: string) => {
  const name = baseName(path.replace(/^internal:\/\//i, ''));
  return [...new Set([name, name.replace(/[{}]/g, '')])];
};

/** Variable names, as tools write them, for the metadata Quire keeps (a prefix such as "Cases:" is ignored). */
const FIELDS: [RegExp, keyof FoundMetadata][] = [
  [/^(?:source|outlet|publisher|publication|newspaper|media|medium)$/i, 'source'],
  [/^(?:published|date|publication date|published date|date published|pub date)$/i, 'published'],
  [/^(?:author|authors|byline|writer)$/i, 'author'],
  [/^(?:url|link|web address)$/i, 'url'],
  [/^(?:language|lang)$/i, 'language'],
  [/^(?:title|headline)$/i, 'title'],
];
const VALUES = ['TextValue', 'DateValue', 'DateTimeValue', 'IntegerValue', 'FloatValue', 'BooleanValue'];

/** Reads a <Project> element; `files` finds the texts it names. */
export function readProject(project: XmlElement, files: TextFiles): RefiInput {
  return new ProjectReader(project, files).read();
}

class ProjectReader {
  private readonly input = emptyInput();
  private readonly variables = new Map<string, string>();
  /** The file's variables by GUID, with their types, for those that become attributes. */
  private readonly variableTypes = new Map<string, { type: string; description: string }>();
  /** Values the variables' types refuse ("twelve" in an Integer variable), by variable name. */
  private readonly badValues = new Map<string, number>();
  /** Variable values given to one source through a Case without a name (how MAXQDA and Quirkos write them). */
  private readonly caseValues = new Map<string, XmlElement[]>();
  private readonly otherVariables = new Map<string, number>();
  /** Documents given two different values of a variable (their own and a case's, or two cases'), by variable name. */
  private readonly twoValues = new Map<string, number>();
  private readonly tally = new Map<keyof typeof TALLY, number>();
  private readonly project: XmlElement;
  private readonly files: TextFiles;

  constructor(project: XmlElement, files: TextFiles) {
    this.project = project;
    this.files = files;
  }

  read(): RefiInput {
    const { project, input } = this;
    for (const u of children(child(project, 'Users'), 'User')) {
      const guid = cleanGuid(attr(u, 'guid'));
      if (guid) input.users.push({ guid, name: attr(u, 'name')?.trim() || attr(u, 'id')?.trim() || null });
    }
    input.codes = readCodes(child(child(project, 'CodeBook'), 'Codes'));
    for (const v of children(child(project, 'Variables'), 'Variable')) {
      const guid = cleanGuid(attr(v, 'guid'));
      if (guid) {
        this.variables.set(guid, attr(v, 'name') ?? '');
        this.variableTypes.set(guid, {
          type: attr(v, 'typeOfVariable') ?? 'Text',
          description: ownText(child(v, 'Description')),
        });
      }
    }
    this.readCases();
    const sources = child(project, 'Sources');
    for (const kind of ['TextSource', 'PDFSource', 'PictureSource', 'AudioSource', 'VideoSource']) {
      for (const el of children(sources, kind)) {
        const guid = cleanGuid(attr(el, 'guid'));
        if (guid) input.sourceNames.set(guid, sourceName(el));
      }
    }
    for (const el of children(sources, 'TextSource')) this.document(el, el);
    for (const el of children(sources, 'PDFSource'))
      this.represented(el, 'PDF', child(el, 'Representation'), 'PDFSelection');
    for (const el of children(sources, 'PictureSource'))
      this.represented(el, 'picture', child(el, 'TextDescription'), 'PictureSelection');
    for (const kind of ['AudioSource', 'VideoSource'] as const) {
      for (const el of children(sources, kind))
        this.media(el, kind === 'AudioSource' ? 'AudioSelection' : 'VideoSelection');
    }
    this.readNotes();
    for (const l of children(child(project, 'Links'), 'Link')) {
      const [a, b] = [cleanGuid(attr(l, 'originGUID')), cleanGuid(attr(l, 'targetGUID'))];
      if (a && b) input.links.push([a, b]);
    }
    input.sets = readSets(child(project, 'Sets'));
    const graphs = children(child(project, 'Graphs'), 'Graph').length;
    if (graphs) input.skipped.push(`${plural(graphs, 'graph was', 'graphs were')} not imported: Quire has no graphs.`);
    // Notes the project as a whole refers to are its journal (NVivo's and MAXQDA's project memos).
    for (const guid of refs(project, 'NoteRef')) {
      const note = input.notes.get(guid);
      if (note && !note.kind) note.kind = 'journal';
    }
    // The project's own description (its aims, its sampling) opens the journal; the same file again finds it there by its GUID.
    const description = ownText(child(project, 'Description'));
    if (description.trim()) {
      const guid = derivedGuid(
        cleanGuid(attr(project, 'guid')) ?? attr(project, 'name') ?? '',
        'project description',
        description,
      );
      input.notes.set(guid, {
        guid,
        name: `Project description (${attr(project, 'name')?.trim() || 'no name'})`,
        text: description,
        kind: 'journal',
        user: cleanGuid(attr(project, 'creatingUser')),
        created: isoTime(attr(project, 'creationDateTime')),
        modified: isoTime(attr(project, 'modifiedDateTime')),
      });
    }
    for (const [name, n] of this.otherVariables) {
      input.skipped.push(
        `The variable “${name}” (${plural(n, 'document')}) was not imported: it has no name or no declaration in the file.`,
      );
    }
    for (const [name, n] of this.twoValues) {
      input.skipped.push(
        `${plural(n, 'document')} ${n === 1 ? 'has' : 'have'} two different values of “${name}” (${n === 1 ? 'its' : 'their'} own and a case’s, or two cases’): the first was kept, the other left out.`,
      );
    }
    for (const [name, n] of this.badValues)
      input.skipped.push(
        `${plural(n, 'value')} of the variable “${name}” ${n === 1 ? 'does' : 'do'} not fit its type and ${n === 1 ? 'was' : 'were'} left out.`,
      );
    for (const [kind, n] of this.tally) input.skipped.push(TALLY[kind](n));
    return input;
  }

  /**
   * A case's variable values go to each of its sources, as their document attributes (NVivo's cases, MAXQDA's and
   * Quirkos's unnamed case per document). A named case, or one of several sources, is said; a case that gives no
   * values is not imported (Quire has no cases), and said.
   */
  private readCases(): void {
    const unused: string[] = [];
    const given: string[] = [];
    for (const c of children(child(this.project, 'Cases'), 'Case')) {
      const sources = refs(c, 'SourceRef');
      const values = children(c, 'VariableValue');
      const name = attr(c, 'name')?.trim() || null;
      if (!sources.length || !values.length) {
        unused.push(name ?? cleanGuid(attr(c, 'guid')) ?? '?');
        continue;
      }
      for (const s of sources) this.caseValues.set(s, [...(this.caseValues.get(s) ?? []), ...values]);
      if (name === null && sources.length === 1) continue;
      const variables = [
        ...new Set(
          values
            .map((v) =>
              this.variables
                .get(refs(v, 'VariableRef')[0] ?? '')
                ?.replace(/^.*:/, '')
                .trim(),
            )
            .filter(Boolean),
        ),
      ];
      given.push(
        `${name ? `The case “${name}”` : 'A case without a name'} gave ${variables.length ? `its ${variables.length === 1 ? 'value' : 'values'} of ${quoted(variables as string[], 5)}` : 'its values'} to its ${plural(sources.length, 'source')}, as ${sources.length === 1 ? 'its' : 'their'} document attributes.`,
      );
    }
    this.input.info.push(...given.slice(0, 10));
    if (given.length > 10)
      this.input.info.push(`${given.length - 10} more cases gave their values to their sources likewise.`);
    if (unused.length) {
      this.input.skipped.push(
        `${plural(unused.length, 'case')} (${quoted(unused, 5)}) ${unused.length === 1 ? 'was' : 'were'} not imported: Quire has no cases, and ${unused.length === 1 ? 'it gives' : 'they give'} no values to documents. The documents in them are imported.`,
      );
    }
  }

  private count(kind: keyof typeof TALLY, n: number): void {
    if (n > 0) this.tally.set(kind, (this.tally.get(kind) ?? 0) + n);
  }

  /** A PDF or picture source: its text representation, if it has one, becomes the document. */
  private represented(el: XmlElement, what: string, representation: XmlElement | undefined, regions: string): void {
    this.count('regions', children(el, regions).length);
    this.count('wholeSource', children(el, 'Coding').length);
    if (representation) this.document(representation, el);
    else
      this.input.skipped.push(
        `The ${what} “${sourceName(el)}” was not imported: it came without a plain-text version to code.`,
      );
  }

  /** An audio or video source: each transcript becomes a document. */
  private media(el: XmlElement, selections: string): void {
    this.count('media', children(el, selections).length);
    this.count('wholeSource', children(el, 'Coding').length);
    const transcripts = children(el, 'Transcript');
    if (!transcripts.length)
      this.input.skipped.push(
        `The ${selections.startsWith('Audio') ? 'audio' : 'video'} “${sourceName(el)}” was not imported: it came without a transcript.`,
      );
    transcripts.forEach((t, i) => this.document(t, el, transcripts.length > 1 ? ` (transcript ${i + 1})` : ''));
  }

  /**
   * One text becomes a document: `textEl` holds the text and its selections
   * (a TextSource, or a PDF's Representation, a transcript…), `owner` is the
   * source, whose name, notes and variables describe it.
   */
  private document(textEl: XmlElement, owner: XmlElement, suffix = ''): void {
    const name = `${sourceName(owner, textEl)}${suffix}`;
    const loaded = this.loadText(textEl, name);
    if ('problem' in loaded) {
      this.input.skipped.push(`The source “${name}” was not imported: ${loaded.problem}.`);
      return;
    }
    const source = new SourceText(loaded.raw);
    if (!/[\p{L}\p{N}]/u.test(source.stored)) {
      this.input.skipped.push(`The source “${name}” was not imported: it holds no text.`);
      return;
    }
    if (textEl === owner) this.count('wholeSource', children(owner, 'Coding').length);
    const { passages, doubt } = this.passages(textEl, source, name);
    const stored = Buffer.from(source.stored, 'utf8');
    const guids = [
      ...new Set(
        [cleanGuid(attr(owner, 'guid')), cleanGuid(attr(textEl, 'guid'))].filter((g): g is string => g !== null),
      ),
    ];
    const doc: RefiDocument = {
      guids,
      name,
      text: source.stored,
      original: stored.equals(loaded.bytes) ? null : loaded.bytes,
      encoding: loaded.encoding,
      ...this.metadata(owner, guids, name),
      description: [ownText(child(owner, 'Description')), textEl === owner ? '' : ownText(child(textEl, 'Description'))]
        .filter(Boolean)
        .join('\n\n'),
      noteRefs: [...new Set([...refs(owner, 'NoteRef'), ...(textEl === owner ? [] : refs(textEl, 'NoteRef'))])],
      passages,
      positionsDoubt: doubt,
      warnings: loaded.warnings,
    };
    this.input.documents.push(doc);
  }

  private loadText(
    el: XmlElement,
    name: string,
  ): { raw: string; bytes: Buffer; encoding: string; warnings: string[] } | { problem: string } {
    const inline = child(el, 'PlainTextContent');
    const path = attr(el, 'plainTextPath')?.trim();
    if (inline !== undefined && (text(inline) || !path)) {
      const raw = text(inline);
      return { raw, bytes: Buffer.from(raw, 'utf8'), encoding: 'utf-8', warnings: [] };
    }
    if (path) {
      const file = this.files(path);
      if ('problem' in file) return file;
      try {
        const decoded = decodeText(file.bytes, name);
        // The decoder drops a byte order mark; whether the program counted it is for the positions to tell (positions.ts).
        const bom = hasBom(file.bytes) ? '\uFEFF' : '';
        return {
          raw: bom + decoded.text,
          bytes: Buffer.from(file.bytes),
          encoding: decoded.encoding,
          warnings: decoded.warnings,
        };
      } catch (e) {
        return { problem: `its text file cannot be read (${(e as Error).message})` };
      }
    }
    const rich = attr(el, 'richTextPath');
    if (rich)
      return { problem: `its text is only in a formatted file (${rich}) and came without a plain-text version` };
    return { problem: 'it holds no text' };
  }

  /** The text selections of a source with their codings, their positions carried over to the stored text. */
  private passages(
    el: XmlElement,
    source: SourceText,
    name: string,
  ): { passages: RefiPassage[]; doubt: string | null } {
    const syncPoints = new Map(
      children(el, 'SyncPoint').map((s) => [cleanGuid(attr(s, 'guid')), integer(attr(s, 'position'))]),
    );
    const found = [
      ...children(el, 'PlainTextSelection').map((s) => ({
        el: s,
        start: integer(attr(s, 'startPosition')),
        end: integer(attr(s, 'endPosition')),
      })),
      // A transcript's selections run from one sync point (a position in its text) to another.
      ...children(el, 'TranscriptSelection').map((s) => ({
        el: s,
        start: syncPoints.get(cleanGuid(attr(s, 'fromSyncPoint'))) ?? null,
        end: syncPoints.get(cleanGuid(attr(s, 'toSyncPoint'))) ?? null,
      })),
    ];
    const usable = found.filter(
      (s): s is { el: XmlElement; start: number; end: number } => s.start !== null && s.end !== null && s.end > s.start,
    );
    this.count('badPositions', found.length - usable.length);
    const decision = decideCounting(
      source,
      usable.map((s) => ({ start: s.start, end: s.end, name: attr(s.el, 'name') })),
    );
    const { counting } = decision;
    const converted = convertedNote(name, decision);
    if (converted) this.input.info.push(converted);
    const uncertain = new Set(decision.uncertain.map((i) => usable[i]));
    const passages: RefiPassage[] = [];
    let outside = 0;
    for (const s of usable) {
      const start = source.toStored(s.start, counting, 'start');
      const end = source.toStored(s.end, counting, 'end');
      if (start === null || end === null || end <= start) {
        outside++;
        continue;
      }
      const codings: RefiCoding[] = children(s.el, 'Coding').map((k) => ({
        guid: cleanGuid(attr(k, 'guid')),
        codeGuid: refs(k, 'CodeRef')[0] ?? null,
        user: cleanGuid(attr(k, 'creatingUser')),
        created: isoTime(attr(k, 'creationDateTime')),
        noteRefs: refs(k, 'NoteRef'),
      }));
      if (!codings.length) {
        this.count('uncoded', 1);
        continue;
      }
      passages.push({
        guid: cleanGuid(attr(s.el, 'guid')),
        uncertain: uncertain.has(s),
        start,
        end,
        user: cleanGuid(attr(s.el, 'creatingUser') ?? attr(s.el, 'modifyingUser')),
        created: isoTime(attr(s.el, 'creationDateTime')),
        description: ownText(child(s.el, 'Description')),
        noteRefs: refs(s.el, 'NoteRef'),
        codings,
      });
    }
    if (outside)
      this.input.skipped.push(
        `“${name}”: ${plural(outside, 'selection lies', 'selections lie')} outside its text and ${outside === 1 ? 'was' : 'were'} not imported.`,
      );
    // The merge plan says how many codings that leaves in doubt, and lists them.
    return { passages, doubt: decision.certain ? null : doubtWords(decision) };
  }

  /**
   * A source's variables (its own, and those a Case gives it): those Quire has a field for as its metadata, the others
   * as its attributes.
   */
  private metadata(
    owner: XmlElement,
    guids: readonly string[],
    name: string,
  ): { metadata: Partial<FoundMetadata>; attributes: { variable: string; value: string }[] } {
    const values = [...children(owner, 'VariableValue'), ...guids.flatMap((g) => this.caseValues.get(g) ?? [])];
    const metadata: Partial<FoundMetadata> = {};
    const attributes: { variable: string; value: string }[] = [];
    const taken = new Map<string, string>();
    for (const v of values) {
      const guid = refs(v, 'VariableRef')[0] ?? '';
      const variable = this.variables.get(guid) ?? '';
      const value = VALUES.map((k) => text(child(v, k)).trim()).find(Boolean);
      if (!value) continue;
      // One value per variable: the source's own comes first, then its cases' in the file's order.
      if (taken.has(guid)) {
        if (taken.get(guid) !== value)
          this.twoValues.set(variable || '(unnamed)', (this.twoValues.get(variable || '(unnamed)') ?? 0) + 1);
        continue;
      }
      taken.set(guid, value);
      const bare = variable.replace(/^.*:/, '').trim();
      const field = FIELDS.find(([re]) => re.test(bare))?.[1];
      if (!field) {
        const attribute = variable ? this.attribute(guid, variable) : null;
        const checked = attribute
          ? checkedValue(attribute, attribute.type === 'date' ? value.slice(0, 10) : value)
          : null;
        if (checked && 'value' in checked) attributes.push({ variable: attribute!.guid, value: checked.value });
        else if (checked) this.badValues.set(variable, (this.badValues.get(variable) ?? 0) + 1);
        else
          this.otherVariables.set(variable || '(unnamed)', (this.otherVariables.get(variable || '(unnamed)') ?? 0) + 1);
      } else if (field === 'published') {
        const date = isoDate(value);
        if (date) metadata.published = date;
        else
          this.input.skipped.push(
            `“${name}”: its ${variable} “${value}” is not a date Quire can read, so it was left out.`,
          );
      } else {
        metadata[field] = value;
      }
    }
    return { metadata, attributes };
  }

  /**
   * The attribute a variable becomes, declared once: Integer and Float hold numbers, Date and DateTime dates (the
   * day), Boolean a choice of true and false, Text text — or a choice, when its description lists the choices as Quire
   * writes them ("Choices: state | independent").
   */
  private attribute(guid: string, name: string): RefiVariable {
    const known = this.input.variables.find((v) => v.guid === guid);
    if (known) return known;
    const declared = this.variableTypes.get(guid) ?? { type: 'Text', description: '' };
    const listed =
      /^Choices: (.+)$/m
        .exec(declared.description)?.[1]
        ?.split(' | ')
        .map((c) => c.trim())
        .filter(Boolean) ?? [];
    const dates = declared.description.split('\n').includes(DATES_NOTE);
    const type: RefiVariable['type'] =
      declared.type === 'Integer' || declared.type === 'Float'
        ? 'number'
        : declared.type === 'Date' || declared.type === 'DateTime' || dates
          ? 'date'
          : declared.type === 'Boolean' || listed.length
            ? 'choice'
            : 'text';
    const variable: RefiVariable = {
      guid,
      name: name.replace(/^.*:/, '').trim() || name,
      type,
      choices: declared.type === 'Boolean' ? ['true', 'false'] : listed,
    };
    this.input.variables.push(variable);
    return variable;
  }

  private readNotes(): void {
    for (const n of children(child(this.project, 'Notes'), 'Note')) {
      const guid = cleanGuid(attr(n, 'guid'));
      const name = attr(n, 'name')?.trim() || 'a note';
      if (!guid) continue;
      this.count('noteCodings', children(n, 'PlainTextSelection').length);
      const loaded = this.loadText(n, name);
      // Line breaks are normalised where the memo is planned (merge-plan.ts), for every reader.
      const body = 'problem' in loaded ? '' : loaded.raw.replace(/^\uFEFF+/, '');
      const description = ownText(child(n, 'Description'));
      const kind =
        description === NOTE_KIND_MARK.journal ? 'journal' : description === NOTE_KIND_MARK.memo ? 'memo' : null;
      const content = body.trim() || kind ? body : description;
      if ('problem' in loaded && !content) {
        this.input.skipped.push(`The note “${name}” was not imported: ${loaded.problem}.`);
        continue;
      }
      this.input.notes.set(guid, {
        guid,
        name,
        text: content,
        kind,
        user: cleanGuid(attr(n, 'creatingUser')),
        created: isoTime(attr(n, 'creationDateTime')),
        modified: isoTime(attr(n, 'modifiedDateTime')),
      });
    }
  }
}

/** What was left out, counted over the whole file. */
const TALLY = {
  regions: (n: number) =>
    `${plural(n, 'selection')} of picture or PDF regions ${n === 1 ? 'was' : 'were'} not imported: Quire codes text.`,
  media: (n: number) =>
    `${plural(n, 'selection')} of audio or video times ${n === 1 ? 'was' : 'were'} not imported: Quire codes text (transcripts are imported).`,
  wholeSource: (n: number) =>
    `${plural(n, 'coding applies', 'codings apply')} to a whole source rather than a passage and ${n === 1 ? 'was' : 'were'} not imported: Quire codes passages.`,
  uncoded: (n: number) =>
    `${plural(n, 'selection carries', 'selections carry')} no code and ${n === 1 ? 'was' : 'were'} not imported (with any comment on ${n === 1 ? 'it' : 'them'}): Quire keeps a passage only as a coding.`,
  badPositions: (n: number) =>
    `${plural(n, 'selection has', 'selections have')} no usable start and end and ${n === 1 ? 'was' : 'were'} not imported.`,
  noteCodings: (n: number) =>
    `${plural(n, 'coded passage')} inside notes ${n === 1 ? 'was' : 'were'} not imported: Quire codes documents only.`,
};

function sourceName(owner: XmlElement, textEl?: XmlElement): string {
  return (
    attr(owner, 'name')?.trim() ||
    attr(textEl, 'name')?.trim() ||
    `source ${cleanGuid(attr(owner, 'guid'))?.slice(0, 8) ?? ''}`.trim()
  );
}

/** Whether a text file starts with a byte order mark (UTF-8 or UTF-16). */
const hasBom = (b: Uint8Array) =>
  (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) ||
  (b[0] === 0xff && b[1] === 0xfe) ||
  (b[0] === 0xfe && b[1] === 0xff);

function integer(value: string | null): number | null {
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : null;
}
