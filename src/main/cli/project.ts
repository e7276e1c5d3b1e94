// Commands about the project itself: make it, undo, who codes, check it, its backups.
import { Option, type Command } from 'commander';
import type { CheckReport } from '../../shared/api.ts';
import { isQuireError } from '../../shared/errors.ts';
import { megabytes, plural } from '../../shared/text.ts';
import { DEFAULT_KEEP } from '../core/db/keep.ts';
import type { ProjectHandle } from '../core/project.ts';
import { EXIT } from '../exit.ts';
import type { Globals } from './context.ts';
import { engine, withProject, type Engine } from './lazy.ts';
import { err, out, printJson, wholeNumber } from './io.ts';

/** `check --repair` mends the index and the schema; a damaged file it cannot mend, and check then says what to do. */
function repairUnlessDamaged(
  project: ProjectHandle,
  { repairProject, translateSqliteError }: Pick<Engine, 'repairProject' | 'translateSqliteError'>,
): void {
  try {
    // A repair changes the project: the day's backup comes first.
    project.beforeChange?.();
    repairProject(project.db);
  } catch (e) {
    const t = translateSqliteError(e, project.path);
    if (!isQuireError(t) || t.code !== 'damaged') throw t;
    err('quire: note: --repair cannot mend a damaged file; the check below says what to do.');
  }
}

export function initCommand(program: Command, g: Globals): void {
  program
    .command('init')
    .description('create a project (with the sample articles unless --empty)')
    .option('--empty', 'create it without the sample articles')
    .action(async (o: { empty?: boolean }) => {
      const { call, closeProject, openOrCreateProject, projectPath, readEnvironment } = await engine();
      const path = projectPath(g());
      const project = await openOrCreateProject(path, {
        seedsDir: o.empty ? undefined : g().seedsDir,
        program: g().invoked,
        environment: readEnvironment(),
      });
      const info = await call(project, 'projectInfo', {}).finally(() => closeProject(project));
      if (g().json) return printJson({ created: project.created, ...info });
      out(
        project.created
          ? `Created ${path} with ${info.documents} documents.`
          : `${path} already exists (${info.documents} documents); nothing changed.`,
      );
    });
}

export function undoCommand(program: Command, g: Globals): void {
  program
    .command('undo')
    .description('take back the last change (an import, a cleanup, a coding…)')
    .action(async () =>
      withProject(g(), async (project, { call }) => {
        const { undone } = await call(project, 'undo', {});
        if (g().json) return printJson({ undone });
        out(undone ? `Undone: ${undone.description}` : 'Nothing to undo.');
      }),
    );
}

export function coderCommand(program: Command, g: Globals): void {
  program
    .command('coder')
    .description(
      'who codes (as QUIRE_CODER or your last choice says), and whether they code blind: then every command shows only their own codings',
    )
    .argument('[name]', 'code under this name from now on')
    .option('--blind', 'code blind: other coders’ codings, counts and memos are hidden from every command')
    .option('--no-blind', 'see every coder’s work again')
    .action(async (name: string | undefined, o: { blind?: boolean }) =>
      withProject(g(), async (project, { call }) => {
        const session = await call(project, 'setCoder', {
          ...(name === undefined ? {} : { name }),
          ...(o.blind === undefined ? {} : { blind: o.blind }),
        });
        if (g().json) return printJson(session);
        out(
          `Coder: ${session.name}${session.blind ? ' (coding blind: only your own codings, counts and memos show)' : ''}`,
        );
      }),
    );
}

export function checkCommand(program: Command, g: Globals): void {
  program
    .command('check')
    .description(
      'verify the project: database integrity, search index, document hashes, and one value per passage and coder in each exclusive group; a damaged file is reported with the backup to restore',
    )
    .option('--repair', 'first restore missing triggers and indexes and rebuild the search index')
    .action(async (o: { repair?: boolean }) => {
      const { latestGoodBackup, projectPath, restoreAdvice } = await engine();
      const path = projectPath(g());
      let report: CheckReport;
      try {
        report = await withProject(g(), async (project, parts) => {
          if (o.repair) repairUnlessDamaged(project, parts);
          return parts.call(project, 'checkProject', {});
        });
      } catch (e) {
        // A file too damaged to open is what check is for: it reports it, and what to do.
        if (!isQuireError(e) || e.code !== 'damaged') throw e;
        const sqlite = (e.cause as Error | undefined)?.message;
        const problem = `The project file cannot be opened: it is damaged where it keeps the list of its contents${sqlite ? ` (SQLite: ${sqlite})` : ''}.`;
        report = {
          ok: false,
          documents: 0,
          problems: [problem],
          advice: restoreAdvice(path, latestGoodBackup(path), false),
        };
      }
      if (g().json) printJson(report);
      else {
        for (const p of report.problems) out(`problem: ${p}`);
        if (report.advice) out(`what to do: ${report.advice}`);
        out(
          report.ok
            ? `OK: ${report.documents} documents; index, hashes and exclusive groups agree.`
            : `${plural(report.problems.length, 'problem')} found.`,
        );
      }
      if (!report.ok) process.exitCode = EXIT.partial;
    });
}

export function backupsCommand(program: Command, g: Globals): void {
  program
    .command('backups')
    .description(
      `list the project's backups (one a day, one before every merge and format update, in the folder beside it), newest first; --keep sets how many of each it keeps (default ${DEFAULT_KEEP})`,
    )
    .addOption(
      new Option(
        '--keep <n>',
        'keep this many daily backups, and as many made before a change (0: make no more automatic backups)',
      ).argParser(wholeNumber),
    )
    .action(async (o: { keep?: number }) => {
      const { backupDocuments, backupFolder, backupsToKeep, listBackups, projectPath, readOnly } = await engine();
      const path = projectPath(g());
      // Listing opens no project: it works for one that is damaged or cannot be opened at all.
      const keep = o.keep ?? readOnly(path, backupsToKeep, DEFAULT_KEEP, { project: true });
      if (o.keep !== undefined)
        await withProject(g(), async (project, { setBackupsToKeep }) => setBackupsToKeep(project.db, keep));
      const backups = listBackups(path).map((b) => ({ ...b, documents: backupDocuments(b.path) }));
      if (g().json)
        return printJson({
          project: path,
          folder: backupFolder(path),
          keep,
          backups: backups.map((b) => ({ ...b, madeAt: b.madeAt.toISOString() })),
        });
      if (o.keep !== undefined)
        out(
          keep
            ? `The project keeps ${plural(keep, 'daily backup')} and ${keep} made before a merge or an update.`
            : 'The project makes no more automatic backups; those below stay until you delete them.',
        );
      if (!backups.length) {
        out(`No backups yet of ${path} (they go in “${backupFolder(path)}”).`);
        return;
      }
      out(`${plural(backups.length, 'backup')} of ${path}, in “${backupFolder(path)}”, newest first:`);
      backups.forEach((b, i) => {
        const when = `${b.madeAt.toLocaleDateString('en-CA')} ${b.madeAt.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
        const kind = { daily: 'daily', merge: 'before a merge', update: 'before an update' }[b.kind];
        const docs = b.documents === null ? 'cannot be read' : plural(b.documents, 'document');
        out(
          `${String(i + 1).padStart(3)}  ${when}  ${kind.padEnd(16)}  ${docs.padEnd(15)}  ${megabytes(b.bytes).padStart(8)}  ${b.name}`,
        );
      });
      out('Restore one as a new project: quire restore <number or name> --to <new file>');
    });
}

export function restoreCommand(program: Command, g: Globals): void {
  program
    .command('restore')
    .description(
      'make a new project from one of the project’s backups (never over an existing file); the backup stays as it was',
    )
    .argument('<backup>', 'its number in `quire backups` (1 is the newest), its name, or its path')
    .requiredOption('--to <file>', 'the new project file')
    .action(async (backup: string, o: { to: string }) => {
      const { projectPath, restoreBackup } = await engine();
      const restored = restoreBackup(projectPath(g()), backup, o.to);
      if (g().json) return printJson(restored);
      out(
        `Restored ${restored.backup} as ${restored.path} (${plural(restored.documents, 'document')}). Open it with --project "${restored.path}".`,
      );
    });
}
