// Exports as the API offers them: one at a time per project, with progress a
// client can poll and a cancel it can send, written whole or not at all.
import { basename } from 'node:path';
import type { ExportChoices, ExportFormat, ExportProgress, ExportResult, ImportProgress } from '../../../shared/api.ts';
import { QuireError } from '../../../shared/errors.ts';
import type { Db } from '../db/open.ts';
import { exporterFor } from './formats.ts';
import { drawCharts } from './comparison.ts';
import { reportHtml } from './html.ts';
import { buildReport, checkCancelled } from './model.ts';
import type { PdfPrinter } from './pdf.ts';
import { writeFileAtomically } from './write.ts';
import type { Viewer } from '../viewer.ts';

/** What a project handle holds for exports: the printer to use, and the export under way. */
export interface ExportHost {
  db: Db;
  path: string;
  /** How this face prints a PDF (headless Chromium, Electron); without one, a PDF export is refused in words. */
  printer?: PdfPrinter;
  exporting?: { controller: AbortController; progress: ImportProgress } | null;
}

/** Where the program opening the project gave no printer: a PDF cannot be made, and the user is told what can. */
const noPrinter: PdfPrinter = () => {
  throw new QuireError(
    'invalid_input',
    'This Quire cannot print a PDF: export the report as HTML or Word instead, or from the command line or the desktop app.',
  );
};

export async function previewReport(
  host: ExportHost,
  choices: ExportChoices,
  viewer: Viewer,
): Promise<{ html: string }> {
  return { html: reportHtml(await drawCharts(buildReport(host.db, host.path, choices, { viewer }))) };
}

export async function exportFile(
  host: ExportHost,
  input: ExportChoices & { format: ExportFormat; path?: string },
  viewer: Viewer,
  context: { onProgress?: (p: ImportProgress) => void; signal?: AbortSignal } = {},
): Promise<ExportResult> {
  if (host.exporting)
    throw new QuireError('invalid_input', 'Another export is under way: wait for it to finish, or cancel it.');
  const exporter = exporterFor(input.format);
  const controller = new AbortController();
  const signal = context.signal ? AbortSignal.any([controller.signal, context.signal]) : controller.signal;
  const running = { controller, progress: { done: 0, total: 0, current: '' } };
  host.exporting = running;
  try {
    const { bytes, notes } = await exporter
      .produce(host.db, input, {
        projectPath: host.path,
        printer: host.printer ?? noPrinter,
        viewer,
        signal,
        onProgress: (p) => {
          running.progress = p;
          context.onProgress?.(p);
        },
      })
      .catch((e: unknown) => {
        // Whatever a cancel broke on the way (a closed printer, say), the user cancelled.
        checkCancelled(signal);
        throw e;
      });
    checkCancelled(signal);
    if (input.path) await writeFileAtomically(input.path, bytes);
    const stem = basename(host.path).replace(/\.quire$/i, '') || 'quire';
    return {
      format: input.format,
      path: input.path ?? null,
      name: input.path ? basename(input.path) : `${stem}.${exporter.extension}`,
      bytes: bytes.length,
      base64: input.path ? null : Buffer.from(bytes).toString('base64'),
      notes,
    };
  } finally {
    host.exporting = null;
  }
}

export function exportProgress(host: ExportHost): ExportProgress {
  return host.exporting
    ? { running: true, ...host.exporting.progress }
    : { running: false, done: 0, total: 0, current: '' };
}

export function cancelExport(host: ExportHost): Record<string, never> {
  host.exporting?.controller.abort();
  return {};
}
