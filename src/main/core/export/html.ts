// The annotated report as one self-contained HTML page: the template every
// printed report (PDF) comes from. Everything from the project is escaped;
// nothing in a source can add markup, styles or script.
import type { AgreementFigures, AgreementResult, CoOccurrence } from '../../../shared/api.ts';
import type { Coding } from '../../../shared/api.ts';
import { labelText, safeColour } from '../../../shared/colour.ts';
import { coOccurrenceDescription, stanceDescription } from '../../../shared/stance.ts';
import { coderTags, plural, shortenAtWord } from '../../../shared/text.ts';
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

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** A passage's background: its code's colour, light; stripes of each colour where codings overlap. */
function background(colours: readonly string[]): string {
  const tint = (c: string) => `color-mix(in srgb, ${safeColour(c)} 28%, white)`;
  if (colours.length === 1) return `background:${tint(colours[0]!)}`;
  const stops = colours.flatMap((c, i) => [`${tint(c)} ${i * 6}px`, `${tint(c)} ${(i + 1) * 6}px`]);
  return `background:repeating-linear-gradient(135deg,${stops.join(',')})`;
}

/** Lanes beside the text: a coding keeps one lane through a paragraph, and codings that share a line get different ones. */
const LANES = 4;
/** Codings this near each other in a paragraph (in UTF-16 units, under a line's length) may share a line, so they never share a lane. */
const SAME_LINE = 120;

/** Each coding's lane in a paragraph (0 is nearest the text); past the last lane they start again from the first. */
function lanesOf(p: TextParagraph): Map<number, number> {
  const extent = new Map<number, { start: number; end: number }>();
  for (const piece of p.pieces) {
    for (const k of piece.codings) {
      const e = extent.get(k.id);
      extent.set(k.id, {
        start: Math.min(e?.start ?? piece.start, piece.start),
        end: Math.max(e?.end ?? piece.end, piece.end),
      });
    }
  }
  const ends: number[] = [];
  const lanes = new Map<number, number>();
  for (const [id, e] of [...extent].sort((a, b) => a[1].start - b[1].start || b[1].end - a[1].end)) {
    let lane = ends.findIndex((end) => end + SAME_LINE <= e.start);
    if (lane < 0) lane = ends.length;
    ends[lane] = e.end;
    lanes.set(id, lane % LANES);
  }
  return lanes;
}

/** A code's name for the margin: at most two lines, shortened at a word with "…" (the legend gives it whole), a hyphenated word never split. */
export const MARGIN_NAME = 28;
function marginName(name: string): string {
  return escapeHtml(shortenAtWord(name, MARGIN_NAME)).replace(/\S*-\S*/g, (word) => `<span class="nb">${word}</span>`);
}

/**
 * A document's text, paragraph by paragraph, numbered in the margin: coded
 * passages highlighted in their codes' colours; beside the text a stripe per
 * coding spanning exactly the lines of its passage (positioned on the passage
 * itself with CSS anchors, so the browser that prints it measures the lines);
 * and where a passage starts, its label, set like a comment balloon: floated
 * into the margin at that line, or below the label before it when that one is
 * still there (the browser's own float stacking: labels can never overlap),
 * with a leader to its stripe. No script: the report has none.
 */
function documentText(
  doc: ReportDocument,
  codes: Map<number, ReportCode>,
  notes: NoteNumbers,
  tags: Map<string, string> | null,
): string {
  const text = doc.document.body;
  const layout = layoutText(doc);
  return layout.paragraphs
    .map((p, n) => {
      const lanes = lanesOf(p);
      const first = new Map<number, number>();
      const last = new Map<number, number>();
      p.pieces.forEach((piece, i) => {
        for (const k of piece.codings) {
          if (!first.has(k.id)) first.set(k.id, i);
          last.set(k.id, i);
        }
      });
      const label = (k: Coding) => {
        const code = codes.get(k.codeId)!;
        const colour = safeColour(code.colour);
        const who = tags ? `<span class="who"> · ${escapeHtml(tags.get(k.coder) ?? k.coder)}</span>` : '';
        return `<span class="label" title="${escapeHtml(code.path)}${tags ? ` (${escapeHtml(k.coder)})` : ''}" style="background:${colour};color:${labelText(colour)};--c:${colour};--lane:${lanes.get(k.id) ?? 0};anchor-name:--l${k.id}">${marginName(code.name)}${who}</span>`;
      };
      // Each label stands before the piece its passage starts with (a passage of white space only: where it is anchored).
      const labelsBefore = (i: number) =>
        p.starting
          .filter((k) => {
            const at = first.get(k.id) ?? p.pieces.findIndex((piece) => piece.start >= layout.from.get(k.id)!.at);
            return (at < 0 ? p.pieces.length : at) === i;
          })
          .map(label)
          .join('');
      const pieces = p.pieces.map((piece, i) => {
        const slice = escapeHtml(text.slice(piece.start, piece.end));
        const anchors = piece.codings.flatMap((k) => [
          ...(first.get(k.id) === i ? [`--a${k.id}-${n}`] : []),
          ...(last.get(k.id) === i ? [`--z${k.id}-${n}`] : []),
        ]);
        const marked = piece.codings.length
          ? `<mark style="${background(piece.codings.map((k) => codes.get(k.codeId)!.colour))}${anchors.length ? `;anchor-name:${anchors.join(',')}` : ''}" title="${escapeHtml(piece.codings.map((k) => codes.get(k.codeId)!.name).join(', '))}">${slice}</mark>`
          : slice;
        // A memo's note number where its passage ends.
        const refs = doc.codings
          .filter(
            (k) => notes.of.has(k.id) && layout.to.get(k.id)?.paragraph === n && layout.to.get(k.id)!.at === piece.end,
          )
          .map((k) => `<sup class="note-ref">${notes.of.get(k.id)}</sup>`);
        return labelsBefore(i) + marked + refs.join('');
      });
      // Without anchor positioning (an older browser showing the HTML) a stripe falls back to the paragraph's height.
      const stripes = [...first.keys()].map((id) => {
        const k = doc.codings.find((c) => c.id === id)!;
        const style = `border-color:${safeColour(codes.get(k.codeId)!.colour)};--lane:${lanes.get(id) ?? 0}`;
        // The leader: from the label (where its passage starts, or moved down below the labels before it) up to the passage's first line and across to the stripe.
        const leader = p.starting.includes(k)
          ? `<span class="leader" style="${style};top:calc(anchor(--a${id}-${n} top) + 0.55em);bottom:calc(anchor(--l${id} top) - 0.55em)"></span>`
          : '';
        return `<span class="stripe" data-coding="${id}" style="${style};top:0;bottom:0;top:anchor(--a${id}-${n} top);bottom:anchor(--z${id}-${n} bottom)"></span>${leader}`;
      });
      return `<div class="para"><span class="pnum" aria-label="paragraph ${n + 1}">${n + 1}</span><p>${pieces.join('')}${labelsBefore(p.pieces.length)}</p>${stripes.join('')}</div>`;
    })
    .join('\n');
}

function metadata(doc: ReportDocument): string {
  return `<dl class="meta">${documentFields(doc)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('')}</dl>`;
}

function documentSection(
  doc: ReportDocument,
  codes: Map<number, ReportCode>,
  notes: NoteNumbers,
  model: ReportModel,
): string {
  const memos = model.include.memos ? doc.codings.filter((k) => notes.of.has(k.id)) : [];
  return `<section class="document" id="document-${doc.document.id}">
<h2>${escapeHtml(doc.document.displayTitle)}</h2>
${metadata(doc)}
<p class="counts">${plural(doc.codings.length, 'coded passage')}</p>
${model.include.memos && doc.memo ? `<aside class="memo"><strong>Memo</strong> ${escapeHtml(doc.memo)}</aside>` : ''}
${model.include.text ? `<div class="text">${documentText(doc, codes, notes, model.coders.length > 1 ? coderTags(model.coders) : null)}</div>` : ''}
${
  memos.length
    ? `<ol class="notes">${memos.map((k) => `<li value="${notes.of.get(k.id)}"><strong>${escapeHtml(codes.get(k.codeId)!.name)}</strong>, ${escapeHtml(k.coder)}: ${escapeHtml(k.memo!)}</li>`).join('')}</ol>`
    : ''
}
</section>`;
}

function legend(model: ReportModel): string {
  return `<section class="legend" id="codes"><h2>Codes</h2><ul>${model.codes
    .map(
      (c) =>
        `<li style="padding-left:${c.depth * 1.2}em"><span class="swatch" style="background:${safeColour(c.colour)}"></span>${escapeHtml(c.name)}${
          c.dimension ? ` <span class="dimension">${escapeHtml(c.dimension)}</span>` : ''
        } <span class="count">${model.byCode.get(c.id)?.length ?? 0}</span></li>`,
    )
    .join('')}</ul></section>`;
}

function matrix(model: ReportModel): string {
  const t = matrixTable(model);
  const head = t.documents.map((d, i) => `<th scope="col" title="${escapeHtml(d.title)}">${i + 1}</th>`).join('');
  const rows = t.rows
    .map((r) => {
      const cells = r.cells
        .map((x) => (x ? `<td>${x.count}<small>${x.percent}%</small></td>` : '<td class="empty">·</td>'))
        .join('');
      return `<tr><th scope="row"><span class="swatch" style="background:${safeColour(r.colour)}"></span>${escapeHtml(r.name)}</th>${cells}</tr>`;
    })
    .join('');
  const key = t.documents
    .map((d, i) => `<li value="${i + 1}">${escapeHtml(d.title)}${d.source ? ` (${escapeHtml(d.source)})` : ''}</li>`)
    .join('');
  return `<section class="matrix" id="matrix"><h2>Codes by document</h2>
<p>Passages coded, and the share of each document's text they cover.</p>
<table><thead><tr><th></th>${head}</tr></thead><tbody>${rows}</tbody></table>
<ol class="key">${key}</ol></section>`;
}

function agreement(result: AgreementResult): string {
  const columns = agreementColumns(result);
  const row = (label: string, f: AgreementFigures, head = false) =>
    `<tr${head ? ' class="overall"' : ''}><th scope="row">${label}</th>${columns.map(([, cell]) => `<td>${escapeHtml(cell(f))}</td>`).join('')}</tr>`;
  return `<section class="agreement" id="agreement"><h2>Intercoder agreement</h2>
<p>${escapeHtml(agreementSummary(result))}</p>
<table><thead><tr><th>Code</th>${columns.map(([label]) => `<th>${label}</th>`).join('')}</tr></thead><tbody>${result.codes
    .map((c) =>
      row(`<span class="swatch" style="background:${safeColour(c.code.colour)}"></span>${escapeHtml(c.code.name)}`, c),
    )
    .join('')}${row('All codes', result.overall, true)}</tbody></table>
<ul class="agreement-notes">${result.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></section>`;
}

/** A stance overview: how it is counted, the chart (static SVG, its text escaped when drawn), and the table. */
function stance({ overview: o, chart }: ReportStance, index: number): string {
  const t = stanceTable(o);
  const swatch = (i: number) =>
    t.colours[i] ? `<span class="swatch" style="background:${safeColour(t.colours[i])}"></span>` : '';
  const row = (cells: string[]) =>
    `<tr>${cells.map((c, i) => (i ? `<td>${escapeHtml(c)}</td>` : `<th scope="row">${escapeHtml(c)}</th>`)).join('')}</tr>`;
  const coders = o.coders.length ? ` Coders: ${o.coders.join(', ')}.` : '';
  return `<section class="stance" id="stance-${index + 1}"><h2>Stance overview: ${escapeHtml(o.group.name)}</h2>
<p>${escapeHtml(stanceDescription(o) + coders)}</p>
${
  o.rows.length
    ? `${chart ? `<figure class="chart">${chart}</figure>` : ''}
<table><thead><tr>${t.head.map((h, i) => `<th scope="col">${swatch(i)}${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${t.rows.map(row).join('')}</tbody><tfoot>${row(t.total)}</tfoot></table>`
    : '<p class="none">No passage in the chosen documents is coded with these values.</p>'
}</section>`;
}

/** The code co-occurrence matrix: codes numbered down the side and across the top. */
function cooccurrence(c: CoOccurrence): string {
  const rows = coOccurrenceRows(c);
  return `<section class="cooccurrence" id="cooccurrence"><h2>Code co-occurrence</h2>
<p>${escapeHtml(coOccurrenceDescription(c.scope))}</p>
${
  c.codes.length
    ? `<table><thead><tr><th></th>${c.codes.map((k, i) => `<th scope="col" title="${escapeHtml(k.name)}">${i + 1}</th>`).join('')}</tr></thead><tbody>${rows
        .map(
          (r, i) =>
            `<tr><th scope="row">${i + 1}. <span class="swatch" style="background:${safeColour(c.codes[i]!.colour)}"></span>${escapeHtml(c.codes[i]!.name)}</th>${r
              .map((v, j) => `<td${i === j ? ' class="own"' : ''}>${escapeHtml(v)}</td>`)
              .join('')}</tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="none">No coded passages.</p>'
}</section>`;
}

function quotes(model: ReportModel): string {
  const sections = model.codes.map((c) => {
    const rows = (model.byCode.get(c.id) ?? []).map((passage) => {
      const { document: d, coding: k } = passage;
      return `<tr><td class="quote">${escapeHtml(quoted(k.quote))}</td><td>${escapeHtml(citation(passage))}${d.document.source ? `<br><small>${escapeHtml(d.document.source)}</small>` : ''}</td><td>${escapeHtml(
        d.document.published ?? '',
      )}</td><td>${escapeHtml(k.coder)}</td></tr>`;
    });
    return `<section class="code-quotes"><h3><span class="swatch" style="background:${safeColour(c.colour)}"></span>${escapeHtml(c.path)} <span class="count">${rows.length}</span></h3>${
      rows.length
        ? `<table><thead><tr><th>Passage</th><th>Document, paragraph</th><th>Date</th><th>Coder</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
        : '<p class="none">No passages.</p>'
    }</section>`;
  });
  return `<section class="quotes" id="quotes"><h2>Passages by code</h2>${sections.join('\n')}</section>`;
}

function codebook(model: ReportModel): string {
  return `<section class="codebook" id="codebook"><h2>Codebook</h2><dl>${model.codes
    .map(
      (c) =>
        `<dt style="margin-left:${c.depth * 1.2}em"><span class="swatch" style="background:${safeColour(c.colour)}"></span>${escapeHtml(c.name)}${
          c.groups.length ? ` <span class="dimension">${escapeHtml(c.groups.join(', '))}</span>` : ''
        }</dt><dd style="margin-left:${c.depth * 1.2 + 1.6}em">${escapeHtml(c.description) || '<span class="none">No description.</span>'}${
          model.include.memos && c.memo ? `<br><em>Memo:</em> ${escapeHtml(c.memo)}` : ''
        }</dd>`,
    )
    .join('')}</dl></section>`;
}

function journal(model: ReportModel): string {
  const notes = model.journal.map(
    (n) =>
      `<article class="note"><h3>${escapeHtml(n.title)}</h3><p class="counts">${escapeHtml(noteByline(n))}</p><div class="note-text">${escapeHtml(n.text) || '<span class="none">No text.</span>'}</div></article>`,
  );
  return `<section class="journal" id="journal"><h2>Journal and memos</h2>${notes.join('\n')}</section>`;
}

const STYLE = `
@page { margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.report { font: 10.5pt/1.5 "DejaVu Serif", Georgia, serif; color: #1a1a1a; margin: 0 auto; max-width: 60rem; padding: 1rem; }
h1, h2, h3 { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 22pt; margin: 0 0 0.4em; }
h2 { font-size: 14pt; margin: 0 0 0.5em; }
h3 { font-size: 11pt; margin: 1.2em 0 0.4em; }
.title-page { min-height: 60vh; display: flex; flex-direction: column; justify-content: center; }
.title-page dl, .meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; margin: 0 0 0.6em; }
.title-page dt, .meta dt { font-weight: 600; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 0.85em; }
.meta dd, .title-page dd { margin: 0; overflow-wrap: anywhere; }
.document, .matrix, .quotes, .codebook, .journal, .contents { break-before: page; }
.note { break-inside: avoid; margin: 0 0 1.2em; }
.note-text { white-space: pre-wrap; }
/* The legend of codes follows the contents on their page. */
.legend { margin-top: 2em; }
.contents ol { list-style: none; padding: 0; margin: 0; }
.contents li { margin: 0 0 0.35em; break-inside: avoid; }
.contents a { display: flex; align-items: baseline; gap: 0.5em; color: inherit; text-decoration: none; }
.contents .entry { flex: 1; }
.contents .entry small { color: #666; }
.contents .page { min-width: 2.5em; text-align: right; font-variant-numeric: tabular-nums; }
.contents a::after { content: none; }
.counts { color: #555; font-size: 0.9em; margin: 0 0 0.8em; }
.memo { border-left: 3px solid #999; padding: 0.2em 0.7em; margin: 0 0 1em; background: #f4f4f4; }
/*
 * The text with a margin on its left: labels (31mm), the coding stripes' lanes, the paragraph numbers. The text is one
 * block formatting context, so a label floated into the margin clears every label before it, in any paragraph.
 */
.text { display: flow-root; padding-left: 47mm; --lane-step: 4pt; }
.para { position: relative; break-inside: auto; }
.para p { margin: 0 0 0.6em; }
.pnum { position: absolute; left: -7.8mm; width: 6.3mm; white-space: nowrap; top: 0.2em; text-align: right; font: 8pt/1.4 "DejaVu Sans", Arial, sans-serif; color: #666; }
.pnum::before { content: "¶\\00a0"; color: #999; }
/* A stripe per coding, beside the lines of its passage (top and bottom anchored on its first and last piece). */
.stripe { position: absolute; left: var(--stripe-x); width: 0; border-left: 2.5pt solid; }
/* A label: horizontal, whole words, black or white text (whichever contrasts more with the code's colour), and a leader to its lane. */
.label {
  float: left; clear: left; position: relative; width: 31mm; margin: 0 0 2pt -47mm; padding: 0.5pt 2.5pt 1pt;
  font: 8pt/1.25 "DejaVu Sans", Arial, sans-serif; text-align: left; border-radius: 2pt; break-inside: avoid;
  overflow-wrap: normal; word-break: normal; hyphens: none; text-indent: 0;
}
/*
 * A leader from a label to its stripe: out of the label's right edge to the lane's spine (the label's ::after), up the
 * spine to the passage's first line, then across to the stripe (.leader); only where anchors are laid out. Each lane has
 * its own spine, so leaders of labels moved down run side by side.
 */
.stripe, .leader, .label { --spine: calc(-16mm + (var(--lane) + 0.5) * 0.75mm); --stripe-x: calc(-8.5mm - var(--lane) * var(--lane-step)); }
.leader { display: none; position: absolute; left: var(--spine); width: calc(var(--stripe-x) - var(--spine)); border-left: 0.75pt solid; border-top: 0.75pt solid; }
.label::after { display: none; content: ""; position: absolute; left: 100%; top: 0.55em; width: calc(var(--spine) + 16mm); border-top: 0.75pt solid var(--c); }
@supports (anchor-name: --a) { .leader, .label::after { display: block; } }
.label .nb { white-space: nowrap; }
.label .who { font-weight: 700; white-space: nowrap; }
mark { color: inherit; padding: 0.05em 0; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.note-ref { font: 7pt "DejaVu Sans", Arial, sans-serif; font-weight: 700; }
.notes { font-size: 0.9em; border-top: 1px solid #ccc; padding-top: 0.5em; margin-top: 1em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 0.4em; vertical-align: -0.05em; }
.legend ul { list-style: none; padding: 0; columns: 2; }
.legend li { break-inside: avoid; margin: 0.15em 0; }
.count { color: #666; font-size: 0.85em; }
.count::before { content: "("; } .count::after { content: ")"; }
.dimension { font: 7.5pt "DejaVu Sans", Arial, sans-serif; color: #555; border: 1px solid #bbb; border-radius: 3px; padding: 0 0.3em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.4em; vertical-align: top; text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.matrix td { text-align: center; }
.matrix td small { display: block; color: #666; font-size: 0.75em; }
.matrix .empty { color: #aaa; }
.key { font-size: 0.85em; columns: 2; }
.quote { width: 60%; }
.none { color: #777; font-style: italic; }
.codebook dt { font-weight: 600; margin-top: 0.5em; }
.codebook dd { margin-bottom: 0.3em; }
.stance, .cooccurrence { break-before: page; }
.chart { margin: 0 0 1em; break-inside: avoid; }
.chart svg { max-width: 100%; height: auto; }
.stance td, .cooccurrence td { text-align: right; white-space: nowrap; }
.stance td:last-child { text-align: left; white-space: normal; }
.cooccurrence table { width: auto; min-width: 50%; }
.cooccurrence td, .cooccurrence thead th { text-align: center; min-width: 2.4em; }
.stance tfoot th, .stance tfoot td { font-weight: 700; border-top: 2px solid #888; }
.cooccurrence td.own { color: #666; background: #f2f2f2; }
.agreement { break-before: page; }
.agreement td, .agreement thead th:not(:first-child) { text-align: right; white-space: nowrap; }
.agreement .overall { font-weight: 700; border-top: 2px solid #888; }
.agreement-notes { font-size: 0.85em; color: #555; }
`;

/** The whole report as one HTML page (also the source of the PDF). */
/** A report's Content-Security-Policy: nothing loads, nothing runs; its styles are inline. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/**
 * The contents, each entry a link to its section; with the page each section starts on once the report has been printed
 * (`pages`, by section id: see printWithContents), else with none (the HTML report, the first printing). The page
 * numbers have a fixed width, so the second printing lays out the same pages as the first.
 */
function contents(model: ReportModel, pages: ReadonlyMap<string, number> | null): string {
  const items = contentsOf(model).map(
    (e) =>
      `<li><a href="#${e.id}"><span class="entry">${escapeHtml(e.title)}${e.detail ? ` <small>${escapeHtml(e.detail)}</small>` : ''}</span>${
        pages ? `<span class="page">${pages.get(e.id) ?? ''}</span>` : ''
      }</a></li>`,
  );
  return `<nav class="contents" aria-label="Contents"><h2>Contents</h2><ol>${items.join('')}</ol></nav>`;
}

export function reportHtml(model: ReportModel, pages: ReadonlyMap<string, number> | null = null): string {
  const codes = new Map(model.codes.map((c) => [c.id, c]));
  const notes = numberNotes(model);
  const parts = [
    `<section class="title-page"><h1>${escapeHtml(model.title)}</h1><dl>
<dt>Project</dt><dd>${escapeHtml(model.project)}</dd>
<dt>Exported</dt><dd>${exportDay(model)}</dd>
<dt>Coders</dt><dd>${escapeHtml(model.coders.join(', ') || 'none')}</dd>
<dt>Selection</dt><dd>${escapeHtml(model.selection)}</dd>
</dl></section>`,
    contents(model, pages),
    legend(model),
    ...model.documents.map((d) => documentSection(d, codes, notes, model)),
    ...closingSections(model, { matrix, agreement, stance, cooccurrence, quotes, codebook, journal }),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<title>${escapeHtml(model.title)}</title>
<style>@page { size: ${model.paper}; }${STYLE}</style></head>
<body class="report">
${parts.filter(Boolean).join('\n')}
</body></html>
`;
}
