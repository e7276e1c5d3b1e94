// Other programs' projects and other Quire projects brought in: REFI-QDA import and merge.
import type { Command } from 'commander';
import type { MergeSummary, UncertainCoding } from '../../shared/api.ts';
import { mergePhrases, uncertainLine } from '../../shared/merge-summary.ts';
import { plural } from '../../shared/text.ts';
import { EXIT } from '../exit.ts';
import type { Globals } from './context.ts';
import { withProject } from './lazy.ts';
import { list, out, printJson } from './io.ts';

/** The codings an import leaves in doubt (the notes say why): how many, and the first of them. */
function printUncertain(uncertain: readonly UncertainCoding[]): void {
  list(
    `Codings to check (${uncertain.length}: they may sit a few characters off their passage):`,
    uncertain.map(uncertainLine),
    20,
  );
}

/** What a merge would do: the summary line, then each document, code, group and memo it touches. */
function printMerge(s: MergeSummary): void {
  out(`Merging ${s.file}: ${mergePhrases(s).join('; ')}.`);
  list('Documents added:', s.documents.added);
  list(
    'Documents already here:',
    s.documents.present.map((d) => (d.name === d.here ? d.name : `${d.name} (here: ${d.here})`)),
  );
  for (const [kind, c] of [
    ['Codes', s.codes],
    ['Code groups', s.groups],
  ] as const) {
    list(
      `${kind} merged:`,
      c.merged.map(
        (m) =>
          `${m.name}${m.here === m.name ? '' : ` → ${m.here}`} (by ${m.by === 'guid' ? 'GUID' : 'name'})${m.differs ? `: ${m.differs}` : ''}`,
      ),
    );
    list(
      `${kind} renamed:`,
      c.renamed.map((r) => `${r.name} → ${r.as}: ${r.why}`),
    );
    list(`${kind} added:`, c.added);
  }
  list('Coders added:', s.coders.added);
  list(
    'Codings:',
    s.codings.byCoder.map((c) => `${c.coder}: ${c.added} added, ${c.present} already here`),
  );
  list('Memos appended to ours:', s.memos.appended);
  for (const note of s.notes) out(`note: ${note}`);
  for (const skipped of s.skipped) out(`not carried over: ${skipped}`);
  printUncertain(s.uncertain);
}

export function importQdpxCommand(program: Command, g: Globals): void {
  program
    .command('import-qdpx')
    .description(
      'import a REFI-QDA project (.qdpx) or codebook (.qdc) from NVivo, ATLAS.ti, MAXQDA or QualCoder; one step that undo takes back',
    )
    .argument('<file>', 'the .qdpx or .qdc file')
    .action(async (file: string) =>
      withProject(g(), async (project, { call }) => {
        const report = await call(project, 'importRefiQda', { path: file });
        if (g().json) return printJson(report);
        const counts = [
          plural(report.documents, 'document'),
          plural(report.codes, 'code'),
          plural(report.groups, 'code group'),
          plural(report.codings, 'coding'),
          plural(report.memos, 'memo'),
          plural(report.users, 'coder'),
        ];
        out(`Imported ${counts.join(', ')} from ${file}.`);
        for (const note of report.notes) out(`note: ${note}`);
        for (const skipped of report.skipped) out(`not carried over: ${skipped}`);
        printUncertain(report.uncertain);
        if (report.skipped.length || report.uncertain.length) process.exitCode = EXIT.partial;
      }),
    );
}

export function mergeCommand(program: Command, g: Globals): void {
  program
    .command('merge')
    .description(
      'merge another Quire project, or a REFI-QDA project or codebook, into this one: documents matched by their text, codes by GUID and then by name; nothing here is overwritten, and undo takes the merge back in one step',
    )
    .argument('<file>', 'the .quire, .qdpx or .qdc file (only read, never changed)')
    .option('--dry-run', 'only show what the merge would do')
    .action(async (file: string, o: { dryRun?: boolean }) =>
      withProject(g(), async (project, { call }) => {
        if (o.dryRun) {
          const preview = await call(project, 'previewMerge', { path: file });
          if (g().json) return printJson({ preview, merged: null });
          printMerge(preview);
          out('Dry run: nothing was changed.');
          return;
        }
        // The merge's summary is taken from its plan before writing: it is the preview, without reading the file twice.
        const merged = await call(project, 'mergeProject', { path: file });
        if (g().json) printJson({ preview: merged, merged });
        else {
          printMerge(merged);
          out(`Merged ${merged.file}: ${mergePhrases(merged).join('; ')}. Undo takes it back in one step.`);
        }
        if (merged.skipped.length || merged.uncertain.length) process.exitCode = EXIT.partial;
      }),
    );
}
