// Auto-coding from a search: code every hit of a query (the words themselves,
// or the sentences they stand in), previewed first, applied as one step.
import { QuireError } from '../../../shared/errors.ts';
import { toCodePointOffset, toUtf16Index } from '../../../shared/codepoints.ts';
import { runCommand } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { setScopes } from '../documents/sets.ts';
import { findInDocument, search } from '../search/search.ts';
import { SearchInput } from '../../../shared/api/search.ts';
import type { Viewer } from '../viewer.ts';
import { clip, plural, shortenAtWord } from '../../../shared/text.ts';
import { documentTitle } from '../documents/documents.ts';
import { codeNamed, documentText, findCoding, insertCoding, wholeCharacters } from './codings.ts';
import { rivalsOf, type Rival } from './exclusive.ts';

const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });

export interface AutoCodeInput {
  query: string;
  codeId: number;
  unit: 'hit' | 'sentence';
  variants?: boolean;
  documentIds?: number[];
  /** Only the documents of this document set. */
  setId?: number;
  /** Only count what would be coded. */
  preview?: boolean;
}

/**
 * A line break is soft when a sentence runs on across it (scraped text is often
 * hard-wrapped): the line before does not end a sentence and the next starts in
 * lower case, as in "The European Union issued a⏎statement calling…".
 */
const softBreak = (text: string, nl: number) =>
  /[\p{Ll}\d,;:]/u.test(text[nl + 1] ?? '') && !/[.!?:"”’)\s]/u.test(text[nl - 1] ?? '.');

/** The paragraph around UTF-16 index `at`: its lines, joined across soft line breaks. */
function paragraphAround(text: string, at: number): [number, number] {
  let start = text.lastIndexOf('\n', at - 1);
  while (start > 0 && softBreak(text, start)) start = text.lastIndexOf('\n', start - 1);
  let end = text.indexOf('\n', at);
  while (end >= 0 && softBreak(text, end)) end = text.indexOf('\n', end + 1);
  return [start + 1, end < 0 ? text.length : end];
}

/** Spans (code points) to code in one document: the hits, or their sentences, merged where they overlap. */
function spansIn(text: string, hits: [number, number][], unit: 'hit' | 'sentence'): [number, number][] {
  const spans: [number, number][] = [];
  for (const [start, end] of hits) {
    let span: [number, number] = [start, end];
    if (unit === 'sentence') {
      const a = toUtf16Index(text, start);
      const [paragraphStart, paragraphEnd] = paragraphAround(text, a);
      // A soft line break inside the paragraph reads as a space (same length, so indexes hold).
      for (const { index, segment } of sentences.segment(
        text.slice(paragraphStart, paragraphEnd).replace(/\n/g, ' '),
      )) {
        const s = paragraphStart + index;
        if (s <= a && a < s + segment.length) {
          const trimmed = segment.trimEnd();
          span = [toCodePointOffset(text, s), Math.max(end, toCodePointOffset(text, s + trimmed.length))];
          break;
        }
      }
    }
    const last = spans.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else spans.push(span);
  }
  return spans;
}

/**
 * Codes the hits of a search (or their sentences) with a code, as one step.
 * Auto-coding never replaces a value the coder chose: a passage the coder
 * gave another value of an exclusive group the code is in (on any of its
 * text) is left uncoded, counted in `conflicts` and named in `notes`, in the
 * preview as in the result.
 */
export function autoCode(
  db: Db,
  coder: number,
  input: AutoCodeInput,
  viewer: Viewer,
): { documents: number; passages: number; added: number; conflicts: number; notes: string[] } {
  const code = codeNamed(db, input.codeId);
  const found = search(
    db,
    SearchInput.parse({ query: input.query, variants: input.variants ?? false, setId: input.setId, limit: 500 }),
    viewer,
    setScopes,
  );
  if (found.total > 500)
    throw new QuireError(
      'invalid_input',
      `The search matches ${found.total} documents; narrow it to 500 or fewer to auto-code.`,
    );
  const ids = found.results
    .map((r) => r.document.id)
    .filter((id) => !input.documentIds || input.documentIds.includes(id));
  const plan: { documentId: number; text: string; spans: [number, number][] }[] = [];
  for (const id of ids) {
    const text = documentText(db, id);
    const { hits } = findInDocument(db, { id, query: input.query, variants: input.variants ?? false });
    const spans = spansIn(text, hits as [number, number][], input.unit).map(([s, e]) => {
      const whole = wholeCharacters(text, s, e);
      return [whole.start, whole.end] as [number, number];
    });
    if (spans.length) plan.push({ documentId: id, text, spans });
  }
  const passages = plan.reduce((n, p) => n + p.spans.length, 0);
  const held: Held[] = [];
  const fresh = plan.map((p) => ({
    ...p,
    spans: p.spans.filter(([start, end]) => {
      if (findCoding(db, p.documentId, code.id, coder, { start, end })) return false;
      const rivals = rivalsOf(db, { documentId: p.documentId, codeId: code.id, coderId: coder, start, end });
      if (rivals.length)
        held.push({
          documentId: p.documentId,
          quote: p.text.slice(toUtf16Index(p.text, start), toUtf16Index(p.text, end)),
          rivals,
        });
      return !rivals.length;
    }),
  }));
  const added = fresh.reduce((n, p) => n + p.spans.length, 0);
  if (!input.preview && added) {
    runCommand(
      db,
      coder,
      'autoCode',
      `Auto-code ${added} ${input.unit === 'hit' ? 'hits' : 'sentences'} of “${input.query}” as “${code.name}”`,
      (c) => {
        for (const p of fresh)
          for (const [start, end] of p.spans)
            insertCoding(c, coder, { documentId: p.documentId, codeId: code.id, text: p.text, start, end });
      },
    );
  }
  return {
    documents: plan.length,
    passages,
    added,
    conflicts: held.length,
    notes: held.length ? [heldNote(db, code.name, held, !!input.preview)] : [],
  };
}

/** A passage auto-coding leaves uncoded: the coder gave (some of) it another value of an exclusive group. */
interface Held {
  documentId: number;
  quote: string;
  rivals: Rival[];
}

/** “2 passages are left uncoded: you gave them another value of ‘Belarus role’ — “…” in ‘Title’ (‘Belarus neutral’); …” */
function heldNote(db: Db, code: string, held: readonly Held[], preview: boolean): string {
  const groups = [...new Set(held.flatMap((h) => h.rivals.map((r) => `‘${r.group}’`)))];
  const shown = held
    .slice(0, 5)
    .map(
      (h) =>
        `“${clip(h.quote)}” in ‘${clip(shortenAtWord(documentTitle(db, h.documentId), 60), 60)}’ (${[...new Set(h.rivals.map((r) => `‘${r.code}’`))].join(', ')})`,
    );
  const more = held.length > 5 ? `; and ${held.length - 5} more` : '';
  const n = held.length;
  return `${plural(n, 'passage')} ${preview ? 'would be' : n === 1 ? 'was' : 'were'} left without ‘${code}’: you gave ${n === 1 ? 'it' : 'them'} another value of ${groups.join(' or ')}, which auto-coding never replaces — ${shown.join('; ')}${more}.`;
}
