// One exporter per format behind one interface, found in one registry.
import type { ExportChoices, ExportFormat } from '../../../shared/api.ts';
import { QuireError } from '../../../shared/errors.ts';
import type { Db } from '../db/open.ts';
import { reportCsv } from './csv.ts';
import { drawCharts } from './comparison.ts';
import { agreementCsv } from './agreement.ts';
import { exportedAgreement } from '../analysis/agreement.ts';
import { reportHtml } from './html.ts';
import { reportMarkdown } from './markdown.ts';
import { buildReport, checkCancelled, chosenDocuments, type ExportReading, type ReportModel } from './model.ts';
import { destinationPages, type PdfPrinter } from './pdf.ts';
import { contentsOf } from './report-text.ts';
import { refuseWhenBlind } from '../viewer.ts';
import { documentsAsCsl, risText } from './citations.ts';
import { attributesCsv } from '../documents/attributes-csv.ts';

export interface ExportContext extends ExportReading {
  projectPath: string;
  printer: PdfPrinter;
}

export interface Exported {
  bytes: Uint8Array;
  /** What the file leaves out or could not carry, to tell the user. */
  notes: string[];
}

export interface Exporter {
  format: ExportFormat;
  extension: string;
  produce(db: Db, choices: ExportChoices, context: ExportContext): Promise<Exported>;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/** An exporter that renders the report model. */
function fromReport(
  format: ExportFormat,
  extension: string,
  render: (model: ReportModel, context: ExportContext) => Promise<Uint8Array> | Uint8Array,
): Exporter {
  return {
    format,
    extension,
    async produce(db, choices, context) {
      const model = await drawCharts(buildReport(db, context.projectPath, choices, context));
      checkCancelled(context.signal);
      return { bytes: await render(model, context), notes: model.notes };
    },
  };
}

/**
 * REFI-QDA, for other QDA programs: the codebook alone, or the project with its texts, codings and memos. Their
 * XML and zip libraries are loaded when such a file is written, not with every export.
 */
const exchange: Exporter[] = [
  {
    format: 'qdc',
    extension: 'qdc',
    async produce(db, choices, context) {
      const { codebookQdc } = await import('../exchange/qdc-export.ts');
      const { xml, notes } = codebookQdc(db, { codeIds: choices.codeIds, viewer: context.viewer });
      return { bytes: utf8(xml), notes };
    },
  },
  {
    format: 'qdpx',
    extension: 'qdpx',
    async produce(db, choices, context) {
      const { projectQdpx } = await import('../exchange/qdpx-export.ts');
      const { bytes, notes } = projectQdpx(db, {
        documentIds: chosenDocuments(db, choices, context.viewer),
        codeIds: choices.codeIds,
        name: choices.title,
        viewer: context.viewer,
      });
      checkCancelled(context.signal);
      return { bytes, notes };
    },
  },
];
/** The intercoder agreement table, for spreadsheets and statistics packages. */
const agreementTable: Exporter = {
  format: 'agreement-csv',
  extension: 'agreement.csv',
  async produce(db, choices, context) {
    refuseWhenBlind(context.viewer, 'The intercoder agreement table');
    const result = exportedAgreement(db, choices, chosenDocuments(db, choices, context.viewer));
    if (!result)
      throw new QuireError(
        'invalid_input',
        'Intercoder agreement needs codings by at least two coders in the chosen documents.',
      );
    return { bytes: agreementCsv(result), notes: [] };
  },
};
/** The chosen documents as references, for a paper to cite them (no codings: nothing a blind coder may not see). */
const citations: Exporter[] = [
  {
    format: 'ris',
    extension: 'ris',
    produce: async (db, choices, context) => ({
      bytes: utf8(risText(documentsAsCsl(db, chosenDocuments(db, choices, context.viewer)))),
      notes: [],
    }),
  },
  {
    format: 'csl-json',
    extension: 'json',
    produce: async (db, choices, context) => ({
      bytes: utf8(`${JSON.stringify(documentsAsCsl(db, chosenDocuments(db, choices, context.viewer)), null, 2)}\n`),
      notes: [],
    }),
  },
];
/** The chosen documents' attributes, one row each, for a spreadsheet (and to read back with importAttributes). */
const attributeSheet: Exporter = {
  format: 'attributes-csv',
  extension: 'attributes.csv',
  produce: async (db, choices, context) => ({
    bytes: attributesCsv(db, chosenDocuments(db, choices, context.viewer)),
    notes: [],
  }),
};
/**
 * Prints the report twice: once to learn the page each section starts on (from the PDF's named destinations, the
 * targets of the contents' links), then with those pages in the contents. The contents keep their width both times,
 * so the pages do not move. A section whose page cannot be found is listed without one, and the user is told.
 */
async function printWithContents(model: ReportModel, context: ExportContext): Promise<Uint8Array> {
  const options = { paper: model.paper, signal: context.signal };
  const first = await context.printer(reportHtml(model, new Map()), options);
  checkCancelled(context.signal);
  const ids = contentsOf(model).map((e) => e.id);
  // A printer whose file names no destinations (or cannot be read back) leaves the contents without page numbers.
  const pages = await destinationPages(first, ids).catch(() => new Map<string, number>());
  if (pages.size < ids.length)
    model.notes.push(
      'Some entries of the contents have no page number: the printed file did not say where their sections begin.',
    );
  checkCancelled(context.signal);
  return context.printer(reportHtml(model, pages), options);
}

const exporters: Exporter[] = [
  fromReport('html', 'html', (model) => utf8(reportHtml(model))),
  fromReport('pdf', 'pdf', (model, context) => printWithContents(model, context)),
  fromReport('md', 'md', (model) => utf8(reportMarkdown(model))),
  // The Word writer is loaded when first used: most runs export no Word file.
  fromReport('docx', 'docx', async (model) => (await import('./docx.ts')).reportDocx(model)),
  fromReport('csv', 'csv', (model) => reportCsv(model)),
  ...exchange,
  ...citations,
  attributeSheet,
  agreementTable,
];

export function exporterFor(format: ExportFormat): Exporter {
  const exporter = exporters.find((e) => e.format === format);
  if (!exporter) throw new QuireError('invalid_input', `Quire cannot export ${format} files yet.`);
  return exporter;
}
