// Bringing articles in: import files and folders, and clean page furniture out of them.
import type { Command } from 'commander';
import type { ImportReport } from '../../shared/api.ts';
import { documentIdsOf } from '../../shared/import-report.ts';
import { QuireError, type ErrorCode } from '../../shared/errors.ts';
import { OCR_LANGUAGE_CODES, OCR_LANGUAGES, type OcrLanguage } from '../../shared/ocr.ts';
import { count, plural, visible } from '../../shared/text.ts';
import { CLEANUP_RULES, cleanupRules } from '../core/corpus/cleanup.ts';
import { supportedExtensions } from '../core/corpus/importers/index.ts';
import { EXIT, exitCodeFor } from '../exit.ts';
import type { Globals } from './context.ts';
import { withProject } from './lazy.ts';
import { out, printJson } from './io.ts';

function printImport(report: ImportReport): void {
  // Files an import never reached (cancelled, or stopped by a full disk) share one line.
  // Those the import never reached are counted by the report, as the list may hold only some of them.
  const notReached = new Map<string, number>();
  if (report.notReached) notReached.set(report.notReached.message, report.notReached.count);
  for (const f of report.files) {
    if (f.status === 'imported' && !f.warnings.length && !f.similar) continue;
    if (f.message?.startsWith('Not imported:')) {
      if (f.message !== report.notReached?.message) notReached.set(f.message, (notReached.get(f.message) ?? 0) + 1);
      continue;
    }
    const label = { imported: 'imported', duplicate: 'duplicate', failed: 'FAILED', skipped: 'skipped' }[f.status];
    out(`${label.padEnd(9)} ${f.path}`);
    if (f.message) out(`          ${f.message}`);
    for (const w of f.warnings) out(`          note: ${w}`);
    for (const d of f.similar ?? [])
      out(
        `          very like “${visible(d.title)}” (${Math.round(d.similarity * 100)}% of its word sequences in common)`,
      );
  }
  for (const [message, n] of notReached) out(`${plural(n, 'file')}: ${message}`);
  if (report.more) out(`${count(report.more.count)} more to look at, listed in ${report.more.log}`);
  const parts = [
    `${count(report.imported)} imported`,
    `${count(report.duplicates)} duplicates`,
    `${count(report.failed)} failed`,
    `${count(report.skipped)} skipped`,
  ];
  out(`${report.cancelled ? 'Cancelled: ' : ''}${parts.join(', ')}.`);
}

/** Rule ids from a comma-separated list (none listed: every rule); an unknown id is a usage error naming the rules. */
function cleanupRulesNamed(list: string | undefined): string[] | undefined {
  const ids = list
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!ids?.length) return undefined;
  cleanupRules(ids);
  return ids;
}

/** OCR languages by code, comma-separated; an unknown one is a usage error naming the languages there are. */
function ocrLanguagesNamed(list: string): OcrLanguage[] {
  return list.split(',').map((code) => {
    const c = code.trim().toLowerCase();
    if (c in OCR_LANGUAGES) return c as OcrLanguage;
    throw new QuireError(
      'invalid_input',
      `Quire has no OCR data for “${code.trim()}”. It reads ${OCR_LANGUAGE_CODES.map((l) => `${l} (${OCR_LANGUAGES[l]})`).join(', ')}.`,
    );
  });
}

export function importCommand(program: Command, g: Globals): void {
  program
    .command('import')
    .description(`import files and folders (${supportedExtensions().join(', ')}); folders are read recursively`)
    .argument('<paths...>', 'files or folders')
    .option('--clean', 'remove page furniture from the new articles (`quire clean` shows what the rules remove)')
    .option(
      '--rules <list>',
      `with --clean: only these cleanup rules (comma-separated: ${CLEANUP_RULES.map((r) => r.id).join(', ')})`,
    )
    .option(
      '--ocr <languages>',
      `the languages of scans and pictures, read by OCR (comma-separated: ${OCR_LANGUAGE_CODES.map((c) => `${c} for ${OCR_LANGUAGES[c]}`).join(', ')}; default eng)`,
    )
    .action(async (paths: string[], o: { clean?: boolean; rules?: string; ocr?: string }) => {
      // The parse worker loads its modules while the project is opened and the files are listed.
      (await import('../core/corpus/parse-thread.ts')).startParseWorkerFor(paths);
      return withProject(g(), async (project, { call, progressOnTerminal }) => {
        // Checked before importing, so a mistyped rule or language imports nothing.
        const rules = o.clean ? cleanupRulesNamed(o.rules) : undefined;
        const ocrLanguages = o.ocr === undefined ? undefined : ocrLanguagesNamed(o.ocr);
        const progress = progressOnTerminal('importing', g().json);
        const report = await call(project, 'importFiles', { paths, ocrLanguages }, progress.context).finally(
          progress.stop,
        );
        const ids = documentIdsOf(report);
        const cleaned =
          o.clean && ids.length ? await call(project, 'cleanupDocuments', { documentIds: ids, rules }) : null;
        if (g().json) printJson(cleaned ? { ...report, cleanup: cleaned } : report);
        else {
          printImport(report);
          if (cleaned)
            out(
              `Removed ${plural(cleaned.lines, 'line')} of page furniture from ${plural(cleaned.documents, 'article')} (\`quire undo\` puts them back).`,
            );
        }
        // Stopped because the project could not be written (busy past the wait, read-only): a project error, as for any other command.
        const stoppedBy =
          report.stopped && exitCodeFor(new QuireError(report.stopped.code as ErrorCode, report.stopped.message));
        if (stoppedBy === EXIT.project) process.exitCode = stoppedBy;
        else if (report.failed > 0 || report.cancelled) process.exitCode = EXIT.partial;
      });
    });
}

export function cleanCommand(program: Command, g: Globals): void {
  program
    .command('clean')
    .description(
      'show the lines of page furniture the cleanup rules find ("SEE ALSO: …", share buttons, captions…), and with --apply remove them in one step that `quire undo` takes back',
    )
    .option('--documents <list>', 'only these documents (numbers, GUIDs, file names or titles, comma-separated)')
    .option('--rules <list>', `only these rules (comma-separated: ${CLEANUP_RULES.map((r) => r.id).join(', ')})`)
    .option('--apply', 'remove the lines shown')
    .action(async (o: { documents?: string; rules?: string; apply?: boolean }) =>
      withProject(g(), async (project, { findDocument, call }) => {
        const rules = cleanupRulesNamed(o.rules);
        const documentIds = o.documents?.split(',').map((ref) => findDocument(project.db, ref.trim()));
        const preview = await call(project, 'previewCleanup', { documentIds, rules });
        const result =
          o.apply && preview.length
            ? await call(project, 'cleanupDocuments', { documentIds: preview.map((d) => d.documentId), rules })
            : null;
        if (g().json) return printJson({ preview, applied: result });
        if (!preview.length) {
          out('The cleanup rules find nothing to remove.');
          return;
        }
        for (const d of preview) {
          out(`${d.documentId}  ${d.title}`);
          for (const r of d.removed) out(`  line ${String(r.line).padEnd(4)} ${r.rule.padEnd(10)} ${r.text}`);
        }
        const lines = preview.reduce((n, d) => n + d.removed.length, 0);
        if (result)
          out(
            `Removed ${plural(result.lines, 'line')} from ${plural(result.documents, 'document')}; the text before is kept as each document's original. \`quire undo\` puts them back.`,
          );
        else
          out(
            `${plural(lines, 'line')} in ${plural(preview.length, 'document')} would go. Run again with --apply to remove them.`,
          );
      }),
    );
}
