// The annotated report as a Word document (.docx): the title page, the legend
// of codes, each document on a new page with its coded passages shaded in
// their codes' colours and every coding as a Word comment on its passage (by
// its coder, saying the code and the memo), then the matrix, the passages by
// code and the codebook. Word shows the comments beside the text, so a reader
// who opens the file sees the coding as the coder left it.
import {
  AlignmentType,
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  SimpleField,
  TableRow,
  TextRun,
  WidthType,
  type ICommentOptions,
} from 'docx';
import type { AgreementFigures, AgreementResult, CoOccurrence, Coding } from '../../../shared/api.ts';
import { safeColour } from '../../../shared/colour.ts';
import { coOccurrenceDescription, stanceDescription } from '../../../shared/stance.ts';
import { plural } from '../../../shared/text.ts';
import { agreementColumns, agreementSummary } from './agreement.ts';
import { coOccurrenceRows, stanceTable, type ReportStance } from './comparison.ts';
import { layoutText, type TextParagraph } from './layout.ts';
import { closingSections, documentFields, type ReportCode, type ReportDocument, type ReportModel } from './model.ts';
import { citation, exportDay, matrixTable, noteByline, quoted } from './report-text.ts';

/**
 * Text as XML 1.0 allows it. Stored document text is already clean, but names
 * and memos are not checked for control characters, and one of them (or a
 * lone surrogate) would make Word refuse the whole file.
 */
const xmlSafe = (text: string) =>
  text.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '',
  );

/** A code's colour as Word writes it: "1F77B4". */
const hex = (colour: string) => safeColour(colour).slice(1).toUpperCase();

/** A light tint of the colours (their average when codings overlap): 28% colour on white, as in the HTML report. */
function tint(colours: readonly string[]): string {
  const rgb = [0, 2, 4].map(
    (i) => colours.reduce((sum, c) => sum + parseInt(hex(c).slice(i, i + 2), 16), 0) / colours.length,
  );
  return rgb
    .map((v) =>
      Math.round(255 - (255 - v) * 0.28)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')
    .toUpperCase();
}

/** Multi-line text as paragraphs, one per line (Word ignores line breaks inside a run). */
const lines = (text: string, options: { italics?: boolean } = {}) =>
  xmlSafe(text)
    .split('\n')
    .map((line) => new Paragraph({ children: [new TextRun({ text: line, italics: options.italics })] }));

/** "Label: value" as one paragraph. */
const labelled = (label: string, value: string) =>
  new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(xmlSafe(value))] });

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel], newPage = false) {
  return new Paragraph({ heading: level, pageBreakBefore: newPage, children: [new TextRun(xmlSafe(text))] });
}

const cell = (children: Paragraph[], header = false) =>
  new TableCell({
    children: children.length ? children : [new Paragraph('')],
    shading: header ? { fill: 'EEEEEE', type: ShadingType.CLEAR } : undefined,
  });

const textCell = (text: string, header = false) =>
  cell([new Paragraph({ children: [new TextRun({ text: xmlSafe(text), bold: header })] })], header);

function table(head: string[], rows: TableCell[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((h) => textCell(h, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r })),
    ],
  });
}

/** Comments are numbered across the whole file; each coding gets its own, so overlapping codings stay separate. */
interface Comments {
  list: ICommentOptions[];
  add(k: Coding, code: ReportCode, withMemo: boolean): number;
}

function comments(): Comments {
  const list: ICommentOptions[] = [];
  return {
    list,
    add(k, code, withMemo) {
      const id = list.length;
      // Whole seconds: Word writes comment dates without fractions.
      const created = new Date(Math.floor(Date.parse(k.createdAt) / 1000) * 1000);
      list.push({
        id,
        author: xmlSafe(k.coder),
        initials: xmlSafe(
          k.coder
            .split(/\s+/)
            .filter(Boolean)
            .map((w) => [...w][0])
            .join('')
            .slice(0, 4),
        ),
        date: Number.isNaN(created.getTime()) ? undefined : created,
        children: [
          new Paragraph({ children: [new TextRun({ text: xmlSafe(code.path), bold: true })] }),
          ...(withMemo && k.memo?.trim() ? lines(k.memo) : []),
        ],
      });
      return id;
    },
  };
}

/** The text of one paragraph: coded pieces shaded, each coding's comment range around its passage. */
function textParagraph(
  body: string,
  n: number,
  paragraph: TextParagraph,
  layout: ReturnType<typeof layoutText>,
  ids: Map<number, number>,
  codes: Map<number, ReportCode>,
): Paragraph {
  // The paragraph's number, as the other formats give it and the quotes cite it ("document, ¶ n").
  const children: ParagraphChild[] = [new TextRun({ text: `¶ ${n + 1}  `, size: 16, color: '777777' })];
  const starts = paragraph.pieces.map((p) => p.start).concat(paragraph.end);
  const endComment = (id: number) =>
    children.push(new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] }));
  // The comments that begin or end in this paragraph, by coding id.
  const here = (anchors: Map<number, { paragraph: number; at: number }>) =>
    new Map([...anchors].filter(([, a]) => a.paragraph === n).map(([id, a]) => [id, a.at]));
  const from = here(layout.from);
  const to = here(layout.to);
  for (const [i, position] of starts.entries()) {
    // At each boundary: close the comments ending here, then open those starting here (an empty one closes at once).
    for (const [id, end] of to) if (end === position && from.get(id) !== position) endComment(ids.get(id)!);
    for (const [id, start] of from) {
      if (start !== position) continue;
      children.push(new CommentRangeStart(ids.get(id)!));
      if (to.get(id) === position) endComment(ids.get(id)!);
    }
    const piece = paragraph.pieces[i];
    if (!piece) break;
    const colours = piece.codings.map((k) => codes.get(k.codeId)!.colour);
    children.push(
      new TextRun({
        text: xmlSafe(body.slice(piece.start, piece.end)),
        shading: colours.length ? { type: ShadingType.CLEAR, fill: tint(colours), color: 'auto' } : undefined,
      }),
    );
  }
  return new Paragraph({ spacing: { after: 120 }, children });
}

function documentSection(
  doc: ReportDocument,
  codes: Map<number, ReportCode>,
  notes: Comments,
  model: ReportModel,
): (Paragraph | Table)[] {
  const d = doc.document;
  const out: (Paragraph | Table)[] = [heading(d.displayTitle, HeadingLevel.HEADING_1, true)];
  for (const [label, value] of documentFields(doc)) out.push(labelled(label, value));
  out.push(
    new Paragraph({
      spacing: { before: 120, after: 120 },
      children: [new TextRun({ text: plural(doc.codings.length, 'coded passage'), color: '555555' })],
    }),
  );
  if (model.include.memos && doc.memo?.trim()) {
    const [first = '', ...rest] = xmlSafe(doc.memo.trim()).split('\n');
    const memo = {
      border: { left: { style: BorderStyle.SINGLE, size: 12, color: '999999', space: 6 } },
      shading: { type: ShadingType.CLEAR, fill: 'F4F4F4' },
    };
    out.push(
      new Paragraph({ ...memo, children: [new TextRun({ text: 'Memo: ', bold: true }), new TextRun(first)] }),
      ...rest.map((line) => new Paragraph({ ...memo, children: [new TextRun(line)] })),
    );
  }

  const ids = new Map(doc.codings.map((k) => [k.id, notes.add(k, codes.get(k.codeId)!, model.include.memos)]));
  // A coding shown as its own line, the comment on its quote: for codings the text cannot show.
  const codingLine = (k: Coding) => {
    const id = ids.get(k.id)!;
    const code = codes.get(k.codeId)!;
    return new Paragraph({
      children: [
        new TextRun({ text: `${xmlSafe(code.path)}: `, bold: true }),
        new CommentRangeStart(id),
        new TextRun({
          text: xmlSafe(quoted(k.quote.replace(/\s+/g, ' '))),
          shading: { type: ShadingType.CLEAR, fill: tint([code.colour]), color: 'auto' },
        }),
        new CommentRangeEnd(id),
        new TextRun({ children: [new CommentReference(id)] }),
      ],
    });
  };
  if (model.include.text) {
    const layout = layoutText(doc);
    out.push(
      ...layout.paragraphs.map((p, n) => textParagraph(d.body, n, p, layout, ids, codes)),
      ...layout.unplaced.map(codingLine),
    );
  } else {
    out.push(...doc.codings.map(codingLine));
  }
  return out;
}

function titlePage(model: ReportModel): Paragraph[] {
  return [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      spacing: { before: 2400 },
      children: [new TextRun(xmlSafe(model.title))],
    }),
    labelled('Project', model.project),
    labelled('Exported', exportDay(model)),
    labelled('Coders', model.coders.join(', ') || 'none'),
    labelled('Selection', model.selection),
  ];
}

function legend(model: ReportModel): Paragraph[] {
  return [
    heading('Codes', HeadingLevel.HEADING_1, true),
    ...model.codes.map(
      (c) =>
        new Paragraph({
          indent: { left: c.depth * 360 },
          children: [
            new TextRun({ text: '■ ', color: hex(c.colour) }),
            new TextRun({
              text: xmlSafe(c.name),
              shading: { type: ShadingType.CLEAR, fill: tint([c.colour]), color: 'auto' },
            }),
            ...(c.dimension ? [new TextRun({ text: ` [${xmlSafe(c.dimension)}]`, color: '555555', size: 18 })] : []),
            new TextRun({ text: ` (${model.byCode.get(c.id)?.length ?? 0})`, color: '666666' }),
          ],
        }),
    ),
  ];
}

function matrix(model: ReportModel): (Paragraph | Table)[] {
  const t = matrixTable(model);
  const rows = t.rows.map((r) => [
    textCell(r.path),
    ...r.cells.map((x) => textCell(x ? `${x.count} (${x.percent}%)` : '·')),
  ]);
  return [
    heading('Codes by document', HeadingLevel.HEADING_1, true),
    new Paragraph(
      "Passages coded, and the share of each document's text they cover. Documents are numbered as in the key below.",
    ),
    table(['Code', ...t.documents.map((_, i) => String(i + 1))], rows),
    new Paragraph({ spacing: { before: 200 }, children: [new TextRun({ text: 'Key', bold: true })] }),
    ...t.documents.map((d, i) => new Paragraph(xmlSafe(`${i + 1}. ${d.title}${d.source ? ` (${d.source})` : ''}`))),
  ];
}

function agreement(result: AgreementResult): (Paragraph | Table)[] {
  const columns = agreementColumns(result);
  const row = (label: string, f: AgreementFigures, bold = false) => [
    cell([new Paragraph({ children: [new TextRun({ text: xmlSafe(label), bold })] })]),
    ...columns.map(([, value]) =>
      cell([new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: value(f), bold })] })]),
    ),
  ];
  return [
    heading('Intercoder agreement', HeadingLevel.HEADING_1, true),
    new Paragraph(xmlSafe(agreementSummary(result))),
    table(
      ['Code', ...columns.map(([label]) => label)],
      [...result.codes.map((c) => row(c.code.name, c)), row('All codes', result.overall, true)],
    ),
    ...result.notes.map(
      (n) =>
        new Paragraph({
          spacing: { before: 80 },
          children: [new TextRun({ text: xmlSafe(n), size: 18, color: '555555' })],
        }),
    ),
  ];
}

/** A stance overview as a table, each value's column headed with its colour. */
function stance({ overview: o }: ReportStance): (Paragraph | Table)[] {
  const t = stanceTable(o);
  const coders = o.coders.length ? ` Coders: ${o.coders.join(', ')}.` : '';
  const out: (Paragraph | Table)[] = [
    heading(`Stance overview: ${o.group.name}`, HeadingLevel.HEADING_1, true),
    new Paragraph(xmlSafe(stanceDescription(o) + coders)),
  ];
  if (!o.rows.length)
    return [
      ...out,
      new Paragraph({
        children: [
          new TextRun({
            text: 'No passage in the chosen documents is coded with these values.',
            italics: true,
            color: '777777',
          }),
        ],
      }),
    ];
  const bold = (r: string[]) =>
    r.map((c) => cell([new Paragraph({ children: [new TextRun({ text: xmlSafe(c), bold: true })] })]));
  const head = new TableRow({
    tableHeader: true,
    children: t.head.map((h, i) =>
      cell(
        [
          new Paragraph({
            children: [
              ...(t.colours[i] ? [new TextRun({ text: '■ ', color: hex(t.colours[i]!) })] : []),
              new TextRun({ text: xmlSafe(h), bold: true }),
            ],
          }),
        ],
        true,
      ),
    ),
  });
  return [
    ...out,
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        head,
        ...t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => textCell(c)) })),
        new TableRow({ cantSplit: true, children: bold(t.total) }),
      ],
    }),
  ];
}

/** The code co-occurrence matrix, codes numbered across the top as down the side. */
function cooccurrence(c: CoOccurrence): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [
    heading('Code co-occurrence', HeadingLevel.HEADING_1, true),
    new Paragraph(coOccurrenceDescription(c.scope)),
  ];
  if (!c.codes.length)
    return [
      ...out,
      new Paragraph({ children: [new TextRun({ text: 'No coded passages.', italics: true, color: '777777' })] }),
    ];
  return [
    ...out,
    table(
      ['Code', ...c.codes.map((_, i) => String(i + 1))],
      coOccurrenceRows(c).map((r, i) => [textCell(`${i + 1}. ${c.codes[i]!.name}`), ...r.map((v) => textCell(v))]),
    ),
  ];
}

function quotes(model: ReportModel): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [heading('Passages by code', HeadingLevel.HEADING_1, true)];
  for (const c of model.codes) {
    const rows = (model.byCode.get(c.id) ?? []).map((passage) => [
      cell(lines(quoted(passage.coding.quote.replace(/\n\s*\n/g, '\n')))),
      cell([
        new Paragraph(xmlSafe(citation(passage))),
        ...(passage.document.document.source ? lines(passage.document.document.source, { italics: true }) : []),
      ]),
      textCell(passage.document.document.published ?? ''),
      textCell(passage.coding.coder),
    ]);
    out.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        children: [
          new TextRun({ text: '■ ', color: hex(c.colour) }),
          new TextRun(xmlSafe(c.path)),
          new TextRun({ text: ` (${rows.length})`, color: '666666' }),
        ],
      }),
      rows.length
        ? table(['Passage', 'Document, paragraph', 'Date', 'Coder'], rows)
        : new Paragraph({ children: [new TextRun({ text: 'No passages.', italics: true, color: '777777' })] }),
    );
  }
  return out;
}

function codebook(model: ReportModel): Paragraph[] {
  const out = [heading('Codebook', HeadingLevel.HEADING_1, true)];
  for (const c of model.codes) {
    const indent = { left: c.depth * 360 };
    out.push(
      new Paragraph({
        indent,
        spacing: { before: 160 },
        keepNext: true,
        children: [
          new TextRun({ text: '■ ', color: hex(c.colour) }),
          new TextRun({ text: xmlSafe(c.name), bold: true }),
          ...(c.groups.length
            ? [new TextRun({ text: ` [${xmlSafe(c.groups.join(', '))}]`, color: '555555', size: 18 })]
            : []),
        ],
      }),
    );
    const description = c.description.trim();
    out.push(
      ...(description
        ? xmlSafe(description)
            .split('\n')
            .map((line) => new Paragraph({ indent: { left: indent.left + 360 }, children: [new TextRun(line)] }))
        : [
            new Paragraph({
              indent: { left: indent.left + 360 },
              children: [new TextRun({ text: 'No description.', italics: true, color: '777777' })],
            }),
          ]),
    );
    if (model.include.memos && c.memo?.trim()) {
      const [first = '', ...rest] = xmlSafe(c.memo.trim()).split('\n');
      out.push(
        new Paragraph({
          indent: { left: indent.left + 360 },
          children: [
            new TextRun({ text: 'Memo: ', italics: true, bold: true }),
            new TextRun({ text: first, italics: true }),
          ],
        }),
        ...rest.map(
          (line) =>
            new Paragraph({
              indent: { left: indent.left + 360 },
              children: [new TextRun({ text: line, italics: true })],
            }),
        ),
      );
    }
  }
  return out;
}

function journal(model: ReportModel): Paragraph[] {
  const out = [heading('Journal and memos', HeadingLevel.HEADING_1, true)];
  for (const n of model.journal) {
    out.push(
      heading(xmlSafe(n.title), HeadingLevel.HEADING_3),
      new Paragraph({ children: [new TextRun({ text: xmlSafe(noteByline(n)), color: '555555', size: 18 })] }),
      ...(n.text.trim()
        ? xmlSafe(n.text)
            .split('\n')
            .map((line) => new Paragraph({ children: [new TextRun(line)] }))
        : [new Paragraph({ children: [new TextRun({ text: 'No text.', italics: true, color: '777777' })] })]),
    );
  }
  return out;
}

// Page sizes in twentieths of a point.
const PAPER = { A4: { width: 11906, height: 16838 }, Letter: { width: 12240, height: 15840 } } as const;

/** The whole report as the bytes of a .docx file. */
export async function reportDocx(model: ReportModel): Promise<Uint8Array> {
  const codes = new Map(model.codes.map((c) => [c.id, c]));
  const notes = comments();
  const children = [
    ...titlePage(model),
    // Word's own contents field over the report's top headings (each document, each part), with their page numbers: Word
    // fills it in when the file is opened (it asks to update the fields: updateFields below). A plain field, so the file
    // is the same for the same project (no numbered bookmarks).
    heading('Contents', HeadingLevel.HEADING_1, true),
    new Paragraph({
      children: [new SimpleField('TOC \\o "1-1" \\h', 'The contents appear when Word updates this document’s fields.')],
    }),
    ...legend(model),
    ...model.documents.flatMap((d) => documentSection(d, codes, notes, model)),
    ...closingSections(model, { matrix, agreement, stance, cooccurrence, quotes, codebook, journal }).flat(),
  ];
  const document = new Document({
    title: xmlSafe(model.title),
    creator: 'Quire',
    description: xmlSafe(`${model.project}: ${model.selection}`),
    comments: { children: notes.list },
    features: { updateFields: true },
    sections: [
      {
        properties: {
          page: { size: PAPER[model.paper], margin: { top: 1000, bottom: 1000, left: 1000, right: 1000 } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES],
                    size: 16,
                    color: '666666',
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
