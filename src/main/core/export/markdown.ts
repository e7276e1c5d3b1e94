// The annotated report as Markdown: CommonMark with GitHub's tables and
// footnotes. Everything from the project is escaped, so nothing in an article
// (or a code name, or a memo) can become a link, an image, HTML, a heading or
// a list: it all comes out as the literal text. Coded passages are in bold,
// each coding is a line after the paragraph it starts in, coding memos are
// footnotes.
import type { AgreementFigures, AgreementResult, CoOccurrence, Coding } from '../../../shared/api.ts';
import { safeColour } from '../../../shared/colour.ts';
import { coOccurrenceDescription, stanceDescription } from '../../../shared/stance.ts';
import { plural } from '../../../shared/text.ts';
import { agreementColumns, agreementSummary } from './agreement.ts';
import { coOccurrenceRows, stanceTable, type ReportStance } from './comparison.ts';
import { layoutText, type TextParagraph } from './layout.ts';
import { closingSections, documentFields, type ReportCode, type ReportDocument, type ReportModel } from './model.ts';
import {
  citation,
  contentsOf,
  exportDay,
  matrixTable,
  noteByline,
  numberNotes,
  quoted,
  type NoteNumbers,
} from './report-text.ts';

// ---------------------------------------------------------------------------
// Escaping.

/**
 * Backslash-escapes every character that could start inline Markdown: code,
 * emphasis, links and images (`[`), raw HTML and autolinks (`<`), entities
 * (`&`), table cells (`|`), strikethrough (`~`), GitHub's math (`$`),
 * footnotes (`^`) and e-mail autolinks (`@`). GitHub also turns bare
 * `http://…` and `www.…` into links; escaping the `:` of `://` and the dot of
 * `www.` keeps its parser from seeing them. All are ASCII punctuation, which
 * CommonMark lets a backslash escape, so the text renders exactly as it was.
 */
function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[\]<>&|~$^@]/g, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`);
}

/** Escapes what would make a line a heading, quote, list, rule or setext underline. */
function escapeLineStart(rendered: string): string {
  return rendered.replace(/^[#>+\-=]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Text that starts a block (a line, a list item, a quote): escaped, leading space dropped (four spaces would make code). */
const lineText = (text: string) => escapeLineStart(escapeInline(text.trimStart()));

/** Text inside a line or a table cell (never at a block's start): line breaks and runs of white space become one space. */
const oneLine = (text: string) => escapeInline(text.replace(/\s+/g, ' ').trim());

/** A heading's text: one line, and every # escaped, since trailing ones would be taken for a closing sequence. */
const headingText = (text: string) => oneLine(text).replace(/#/g, '\\#');

const heading = (level: number, text: string) => `${'#'.repeat(level)} ${headingText(text)}`;

/**
 * Multi-line text (a memo, a description) as Markdown lines: paragraphs stay
 * paragraphs (an empty line between them), line breaks stay hard breaks.
 */
function block(text: string): string[] {
  const out: string[] = [];
  for (const para of text.trim().split(/\n\s*\n/)) {
    const lines = para.split('\n').map((l) => lineText(l.trim()));
    if (out.length) out.push('');
    out.push(...lines.map((l, i) => (i < lines.length - 1 ? `${l}\\` : l)));
  }
  return out;
}

const quoteBlock = (lines: string[]) => lines.map((l) => (l ? `> ${l}` : '>'));

// ---------------------------------------------------------------------------
// Bold passages.

// CommonMark only takes `**` for emphasis when it is "flanking": an opening
// `**` followed by punctuation must follow white space or punctuation, and a
// closing one preceded by punctuation must be followed by white space or
// punctuation (`word**“quote”**word` stays literal). Where the character
// outside fails that test it is written as a numeric character reference: the
// reader sees the same character, the parser sees `;`, which is punctuation.
// Unicode symbols count as punctuation for newer parsers and not for older
// ones (GitHub's), so both readings are covered.
const innerPunctuation = /^[\p{P}\p{S}]/u;
const safeOutside = /^[\s\p{P}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]/u;

const entity = (ch: string) => `&#x${ch.codePointAt(0)!.toString(16).toUpperCase()};`;

/** A paragraph's text with its coded passages (the union of its codings) in bold. */
function boldParagraph(body: string, paragraph: TextParagraph): string {
  // Runs of coded and uncoded text, then the white space at the edges of coded runs moved out of them.
  const merged: { text: string; bold: boolean }[] = [];
  const runs: { text: string; bold: boolean }[] = [];
  const push = (list: typeof runs, text: string, bold: boolean) => {
    if (!text) return;
    const last = list.at(-1);
    if (last && last.bold === bold) last.text += text;
    else list.push({ text, bold });
  };
  for (const piece of paragraph.pieces) push(merged, body.slice(piece.start, piece.end), piece.codings.length > 0);
  for (const run of merged) {
    if (!run.bold) {
      push(runs, run.text, false);
      continue;
    }
    const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/u.exec(run.text)!;
    push(runs, lead!, false);
    push(runs, core!, true);
    push(runs, trail!, false);
  }

  const rendered = runs.map((r, i) => (i === 0 ? lineText(r.text) : escapeInline(r.text)));
  // Which uncoded runs must spell out their first or last character.
  const spellFirst = new Set<number>();
  const spellLast = new Set<number>();
  runs.forEach((run, i) => {
    if (!run.bold) return;
    const inner = rendered[i]!;
    const before = i > 0 ? [...rendered[i - 1]!].at(-1)! : null;
    const after = i + 1 < runs.length ? String.fromCodePoint(rendered[i + 1]!.codePointAt(0)!) : null;
    if (before && innerPunctuation.test(inner) && !safeOutside.test(before)) spellLast.add(i - 1);
    if (after && innerPunctuation.test([...inner].at(-1)!) && !safeOutside.test(after)) spellFirst.add(i + 1);
  });
  return runs
    .map((run, i) => {
      if (run.bold) return `**${rendered[i]}**`;
      if (!spellFirst.has(i) && !spellLast.has(i)) return rendered[i];
      const chars = [...run.text];
      const head = spellFirst.has(i) ? entity(chars.shift()!) : '';
      const tail = spellLast.has(i) && chars.length ? entity(chars.pop()!) : '';
      const middle = chars.join('');
      return head + (i === 0 && !head ? lineText(middle) : escapeInline(middle)) + tail;
    })
    .join('');
}

// ---------------------------------------------------------------------------
// The report's parts.

/** A coding as one line: `[Code path] “quote”`, its memo's footnote, and its coder when there are several. */
function codingLine(k: Coding, codes: Map<number, ReportCode>, notes: NoteNumbers, model: ReportModel): string {
  const note = notes.of.get(k.id);
  const coder = model.coders.length > 1 ? ` — ${escapeInline(k.coder)}` : '';
  return `[${escapeInline(codes.get(k.codeId)!.path)}] ${escapeInline(quoted(k.quote.replace(/\s+/g, ' ')))}${note ? `[^${note}]` : ''}${coder}`;
}

function documentSection(
  doc: ReportDocument,
  codes: Map<number, ReportCode>,
  notes: NoteNumbers,
  model: ReportModel,
): string[] {
  const d = doc.document;
  const out = [heading(2, d.displayTitle), ''];
  for (const [label, value] of documentFields(doc)) out.push(`- **${oneLine(label)}:** ${oneLine(value)}`);
  out.push('', `*${plural(doc.codings.length, 'coded passage')}*`, '');
  if (model.include.memos && doc.memo?.trim()) {
    const [first = '', ...rest] = block(doc.memo);
    out.push(...quoteBlock([`**Memo:** ${first}`, ...rest]), '');
  }

  // Each coding as a line after the paragraph it starts in; without the text, all of them in a row.
  const codingLines = (codings: readonly Coding[]) => {
    if (codings.length)
      out.push(
        ...quoteBlock(
          codings.flatMap((k, i) =>
            i ? ['', codingLine(k, codes, notes, model)] : [codingLine(k, codes, notes, model)],
          ),
        ),
        '',
      );
  };
  if (model.include.text) {
    const layout = layoutText(doc);
    for (const [n, paragraph] of layout.paragraphs.entries()) {
      // Numbered as the other formats number it, and as the quotes cite it ("document, ¶ n").
      out.push(`¶ ${n + 1} ${boldParagraph(d.body, paragraph)}`, '');
      codingLines(paragraph.starting);
    }
    codingLines(layout.unplaced);
  } else {
    codingLines(doc.codings);
  }

  // The memos' footnotes (GitHub gathers them at the end of the page).
  for (const k of doc.codings) {
    const note = notes.of.get(k.id);
    if (!note) continue;
    const [first = '', ...rest] = block(k.memo!);
    out.push(
      `[^${note}]: **${escapeInline(codes.get(k.codeId)!.path)}**, ${escapeInline(k.coder)}: ${first}`,
      ...rest.map((l) => (l ? `    ${l}` : '')),
      '',
    );
  }
  return out;
}

/** The contents: the report's parts in order (a Markdown file has no pages to number). */
function contents(model: ReportModel): string[] {
  return [
    '## Contents',
    '',
    ...contentsOf(model).map((e, i) => `${i + 1}. ${oneLine(e.title)}${e.detail ? ` (${oneLine(e.detail)})` : ''}`),
    '',
  ];
}

function legend(model: ReportModel): string[] {
  if (!model.codes.length) return ['## Codes', '', '*No codes.*', ''];
  return [
    '## Codes',
    '',
    ...model.codes.map(
      (c) =>
        `- **${oneLine(c.path)}** \`${safeColour(c.colour)}\`${c.dimension ? ` (${oneLine(c.dimension)})` : ''} — ${plural(model.byCode.get(c.id)?.length ?? 0, 'passage')}`,
    ),
    '',
  ];
}

const tableRow = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

function matrix(model: ReportModel): string[] {
  const t = matrixTable(model);
  return [
    '## Codes by document',
    '',
    "Passages coded, and the share of each document's text they cover. Documents are numbered as in the key below.",
    '',
    tableRow(['Code', ...t.documents.map((_, i) => String(i + 1))]),
    tableRow([':--', ...t.documents.map(() => '--:')]),
    ...t.rows.map((r) => tableRow([oneLine(r.path), ...r.cells.map((x) => (x ? `${x.count} (${x.percent}%)` : '·'))])),
    '',
    ...t.documents.map(
      (d, i) => `${i + 1}. ${escapeLineStart(oneLine(d.title))}${d.source ? ` (${oneLine(d.source)})` : ''}`,
    ),
    '',
  ];
}

function agreement(result: AgreementResult): string[] {
  const columns = agreementColumns(result);
  const row = (label: string, f: AgreementFigures) => tableRow([label, ...columns.map(([, cell]) => cell(f))]);
  return [
    '## Intercoder agreement',
    '',
    lineText(agreementSummary(result)),
    '',
    tableRow(['Code', ...columns.map(([label]) => label)]),
    tableRow([':--', ...columns.map(() => '--:')]),
    ...result.codes.map((c) => row(oneLine(c.code.name), c)),
    row('**All codes**', result.overall),
    '',
    ...result.notes.map((n) => `- ${oneLine(n)}`),
    '',
  ];
}

/** A stance overview as a table (the chart is in the HTML and PDF reports). */
function stance({ overview: o }: ReportStance): string[] {
  const t = stanceTable(o);
  const coders = o.coders.length ? ` Coders: ${o.coders.join(', ')}.` : '';
  const out = [heading(2, `Stance overview: ${o.group.name}`), '', lineText(stanceDescription(o) + coders), ''];
  if (!o.rows.length) return [...out, '*No passage in the chosen documents is coded with these values.*', ''];
  return [
    ...out,
    tableRow(t.head.map(oneLine)),
    tableRow([':--', ...t.head.slice(1).map(() => '--:')]),
    ...t.rows.map((r) => tableRow(r.map(oneLine))),
    tableRow(t.total.map((c) => `**${oneLine(c)}**`)),
    '',
  ];
}

/** The code co-occurrence matrix, codes numbered across the top as down the side. */
function cooccurrence(c: CoOccurrence): string[] {
  const out = ['## Code co-occurrence', '', lineText(coOccurrenceDescription(c.scope)), ''];
  if (!c.codes.length) return [...out, '*No coded passages.*', ''];
  return [
    ...out,
    tableRow(['Code', ...c.codes.map((_, i) => String(i + 1))]),
    tableRow([':--', ...c.codes.map(() => '--:')]),
    ...coOccurrenceRows(c).map((r, i) => tableRow([`${i + 1}. ${oneLine(c.codes[i]!.name)}`, ...r])),
    '',
  ];
}

function quotes(model: ReportModel): string[] {
  const out = ['## Passages by code', ''];
  for (const c of model.codes) {
    const rows = (model.byCode.get(c.id) ?? []).map((passage) =>
      tableRow([
        oneLine(quoted(passage.coding.quote)),
        `${oneLine(citation(passage))}${passage.document.document.source ? ` (${oneLine(passage.document.document.source)})` : ''}`,
        oneLine(passage.document.document.published ?? ''),
        oneLine(passage.coding.coder),
      ]),
    );
    out.push(`${heading(3, c.path)} (${rows.length})`, '');
    if (rows.length)
      out.push(
        tableRow(['Passage', 'Document, paragraph', 'Date', 'Coder']),
        tableRow(['---', '---', '---', '---']),
        ...rows,
        '',
      );
    else out.push('*No passages.*', '');
  }
  return out;
}

function codebook(model: ReportModel): string[] {
  const out = ['## Codebook', ''];
  for (const c of model.codes) {
    out.push(heading(3, c.path), '');
    if (c.groups.length) out.push(`*Groups: ${oneLine(c.groups.join(', '))}*`, '');
    out.push(...(c.description.trim() ? block(c.description) : ['*No description.*']), '');
    if (model.include.memos && c.memo?.trim()) {
      const [first = '', ...rest] = block(c.memo);
      out.push(...quoteBlock([`**Memo:** ${first}`, ...rest]), '');
    }
  }
  return out;
}

function journal(model: ReportModel): string[] {
  const out = ['## Journal and memos', ''];
  for (const n of model.journal)
    out.push(
      heading(3, n.title),
      '',
      `*${oneLine(noteByline(n))}*`,
      '',
      ...(n.text.trim() ? block(n.text) : ['*No text.*']),
      '',
    );
  return out;
}

/** The whole report as one Markdown file. */
export function reportMarkdown(model: ReportModel): string {
  const codes = new Map(model.codes.map((c) => [c.id, c]));
  const notes = numberNotes(model);
  const lines = [
    heading(1, model.title),
    '',
    `- **Project:** ${oneLine(model.project)}`,
    `- **Exported:** ${exportDay(model)}`,
    `- **Coders:** ${oneLine(model.coders.join(', ')) || 'none'}`,
    `- **Selection:** ${oneLine(model.selection)}`,
    '',
    ...contents(model),
    ...legend(model),
    ...model.documents.flatMap((d) => documentSection(d, codes, notes, model)),
    ...closingSections(model, { matrix, agreement, stance, cooccurrence, quotes, codebook, journal }).flat(),
  ];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
