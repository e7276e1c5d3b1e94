// Quire's headless command line over the engine.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ExportFormat,
  StanceGrouping,
  type StanceBy,
  type CheckReport,
  type DocumentSet,
  type DocumentSummary,
  type ImportReport,
  type MarkedText,
  type MergeSummary,
  type MethodInput,
  type Note,
  type SearchOutput,
  type UncertainCoding,
} from '../shared/api.ts';
import { mergePhrases, uncertainLine } from '../shared/merge-summary.ts';
import { SEGMENT_OVERLAP } from '../shared/agreement.ts';
import { isQuireError, QuireError, type ErrorCode } from '../shared/errors.ts';
import { OCR_LANGUAGE_CODES, OCR_LANGUAGES, type OcrLanguage } from '../shared/ocr.ts';
import { fileSize, megabytes, plural, visible } from '../shared/text.ts';
import { CLEANUP_RULES, cleanupRules } from './core/corpus/cleanup.ts';
import { supportedExtensions } from './core/corpus/importers/index.ts';
import { findDocument } from './core/documents/documents.ts';
import { setIdNamed } from './core/documents/sets.ts';
import {
  backupDocuments,
  backupFolder,
  backupsToKeep,
  DEFAULT_KEEP,
  latestGoodBackup,
  listBackups,
  readOnly,
  setBackupsToKeep,
} from './core/db/backups.ts';
import { repairProject, restoreAdvice } from './core/db/check.ts';
import { translateSqliteError } from './core/db/errors.ts';
import { restoreBackup } from './core/db/restore.ts';
import { call, type CallContext } from './core/engine.ts';
import type { UpdateProgress } from './core/db/open.ts';
import { closeProject, openOrCreateProject, type ProjectHandle } from './core/project.ts';
import { defaultProjectPath, readEnvironment } from './environment.ts';
import { chromiumPrinter } from './printers/chromium.ts';
import { EXIT, exitCodeFor, reportFailure } from './exit.ts';

export { EXIT };

const SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));

interface GlobalOptions {
  project?: string;
  json?: boolean;
}

// One line each, with every character that cannot be seen or that breaks or
// reorders a line written out (see `visible`): a title, file name or code name
// with a line break, a right-to-left override or a terminal escape prints as
// what it is. `raw` is for what is already safe: a document's own text, JSON.
const out = (s = '') => raw(process.stdout, visible(s));
const err = (s: string) => raw(process.stderr, visible(s));
const raw = (stream: NodeJS.WriteStream, s: string) => stream.write(`${s}\n`);
const tty = Boolean(process.stdout.isTTY);

function projectPath(opts: GlobalOptions): string {
  return opts.project ?? process.env.QUIRE_PROJECT ?? defaultProjectPath();
}

/** The command being run ("quire import"), as another Quire waiting for the project would name this one. */
let invoked = 'quire';

async function withProject<T>(opts: GlobalOptions, run: (p: ProjectHandle) => Promise<T>): Promise<T> {
  const path = projectPath(opts);
  const update = updateOnTerminal(opts.json);
  const project = await openOrCreateProject(path, {
    seedsDir: SEEDS_DIR,
    program: invoked,
    onUpdate: update.onUpdate,
    environment: readEnvironment(),
  }).finally(update.stop);
  project.printer = chromiumPrinter;
  if (project.created && !opts.json)
    err(`Created a new project at ${path} with ${project.seeded?.imported ?? 0} sample articles.`);
  const notices = project.notices ?? [];
  try {
    const result = await run(project);
    for (const notice of notices) err(`quire: note: ${notice}`);
    return result;
  } catch (e) {
    // What SQLite said outside the engine's methods (finding a document by name, repairing), in words.
    const t = translateSqliteError(e, path);
    // A change refused because the project is read-only says so once, not twice.
    for (const notice of notices)
      if (!isQuireError(t) || t.code !== 'read_only' || !project.readOnly) err(`quire: note: ${notice}`);
    throw t;
  } finally {
    closeProject(project);
  }
}

/** Parses a whole-number option, so `--limit ten` is a usage error with a plain message. */
function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Give a whole number, such as 20.');
  return Number(value);
}

/**
 * JSON, with what `visible` writes out escaped as \uXXXX (JSON.stringify
 * escapes the C0 controls itself, and its own line breaks are the layout):
 * the same data, nothing a terminal would act on.
 */
function printJson(value: unknown): void {
  const escape = (c: string) =>
    [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  raw(process.stdout, JSON.stringify(value, null, 2).replace(/[\u007F-\u009F\p{Cf}\p{Zl}\p{Zp}]/gu, escape));
}

/** A snippet with its hits bold (in a terminal) or in brackets; its text written out as `out` would, the highlighting kept. */
function marked({ text, marks }: MarkedText): string {
  const cps = [...text];
  const [open, close] = tty ? ['\x1b[1;33m', '\x1b[0m'] : ['[', ']'];
  const piece = (a: number, b?: number) => visible(cps.slice(a, b).join('').replace(/\s+/g, ' '));
  let s = '';
  let at = 0;
  for (const [a, b] of marks) {
    s += piece(at, a) + open + piece(a, b) + close;
    at = b;
  }
  return (s + piece(at)).trim();
}

/** A document as `quire list` lists it: number, date, source, title. */
const documentLine = (d: DocumentSummary) =>
  `${String(d.id).padStart(5)}  ${(d.published ?? '').padEnd(10)}  ${(d.source ?? '').slice(0, 24).padEnd(24)}  ${d.displayTitle}`;

function describe(doc: DocumentSummary): string {
  return [doc.source, doc.published, doc.author].filter(Boolean).join(' · ');
}

function printSearch(query: string, result: SearchOutput, offset: number): void {
  for (const w of result.warnings) err(`note: ${w}`);
  for (const e of result.expansions) {
    out(`variants of “${e.term}”: ${e.variants.length ? e.variants.join(', ') : '(none in this project)'}`);
  }
  out(`${plural(result.total, 'document matches', 'documents match')} “${query}”`);
  result.results.forEach((hit, i) => {
    out();
    out(`${String(offset + i + 1).padStart(3)}. ${hit.document.displayTitle}  [${hit.document.id}]`);
    const meta = describe(hit.document);
    if (meta) out(`     ${meta}`);
    raw(process.stdout, `     ${marked(hit.snippet)}`);
  });
  if (result.total > offset + result.results.length) {
    out();
    out(`(${result.total - offset - result.results.length} more: use --offset ${offset + result.results.length})`);
  }
}

function printImport(report: ImportReport): void {
  // Files an import never reached (cancelled, or stopped by a full disk) share one line.
  const notReached = new Map<string, number>();
  for (const f of report.files) {
    if (f.status === 'imported' && !f.warnings.length && !f.similar) continue;
    if (f.message?.startsWith('Not imported:')) {
      notReached.set(f.message, (notReached.get(f.message) ?? 0) + 1);
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
  for (const note of report.notes ?? []) out(`note: ${note}`);
  const parts = [
    `${report.imported} imported`,
    `${report.duplicates} duplicates`,
    `${report.failed} failed`,
    `${report.skipped} skipped`,
  ];
  out(`${report.cancelled ? 'Cancelled: ' : ''}${parts.join(', ')}.`);
}

/** A titled list, indented, of at most `max` lines and "… and N more". */
function list(title: string, lines: readonly string[], max = 50): void {
  if (!lines.length) return;
  out(title);
  for (const line of lines.slice(0, max)) out(`  ${line}`);
  if (lines.length > max) out(`  … and ${lines.length - max} more`);
}

/** A journal entry or free memo: its title, writer and date, what it is linked to, and its text. */
function printNote(n: Note): void {
  out(`# ${n.kind === 'journal' ? 'Journal' : 'Memo'}: ${n.title} — ${n.coder}, ${n.createdAt.slice(0, 10)}`);
  for (const l of n.links)
    out(
      `  linked to ${l.type === 'coding' ? 'the passage' : `the ${l.type}`} ${l.type === 'coding' || l.id === null ? l.label : `“${l.label}”`}`,
    );
  if (n.text) out(n.text);
  out();
}

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

/**
 * Bringing an older project up to date (its search index made anew): a
 * progress bar on a terminal. Ctrl+C stops it as any program: the update is
 * one transaction, so the project stays as it was, and the next open starts again.
 */
function updateOnTerminal(json: boolean | undefined) {
  const bar =
    !json && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            format: 'updating the project [{bar}] {value}/{total} documents',
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let started = false;
  return {
    onUpdate: (p: UpdateProgress) => {
      if (!bar) return;
      if (!started) {
        bar.start(p.total, 0);
        started = true;
      }
      bar.update(p.done);
    },
    stop: () => bar?.stop(),
  };
}

/**
 * For a long command: a progress bar on a terminal (none for --json or a
 * pipe), and Ctrl+C asking the engine to stop cleanly rather than killing it.
 */
function progressOnTerminal(verb: string, json: boolean | undefined) {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const bar =
    !json && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: `${verb} [{bar}] {value}/{total} {file}`, stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let started = false;
  const context: CallContext = {
    signal: controller.signal,
    onProgress: (p) => {
      if (!bar) return;
      if (!started) {
        bar.start(p.total, 0, { file: '' });
        started = true;
      }
      bar.update(p.done, { file: visible(p.current.slice(-40)) });
    },
  };
  return {
    context,
    stop: () => {
      bar?.stop();
      process.off('SIGINT', onSigint);
    },
  };
}

export function buildProgram(): Command {
  const program = new Command('quire')
    .description('Quire: import articles into a project, search them, export reports, and check the project.')
    .option('-p, --project <file>', 'the project file (default: $QUIRE_PROJECT, else your default project)')
    .option('--json', 'print machine-readable JSON')
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', (_program, command) => {
      invoked = `quire ${command.parent && command.parent !== program ? `${command.parent.name()} ` : ''}${command.name()}`;
    });
  const g = () => program.opts<GlobalOptions>();

  program
    .command('init')
    .description('create a project (with the sample articles unless --empty)')
    .option('--empty', 'create it without the sample articles')
    .action(async (o: { empty?: boolean }) => {
      const path = projectPath(g());
      const project = await openOrCreateProject(path, {
        seedsDir: o.empty ? undefined : SEEDS_DIR,
        program: invoked,
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
    .action(async (paths: string[], o: { clean?: boolean; rules?: string; ocr?: string }) =>
      withProject(g(), async (project) => {
        // Checked before importing, so a mistyped rule or language imports nothing.
        const rules = o.clean ? cleanupRulesNamed(o.rules) : undefined;
        const ocrLanguages = o.ocr === undefined ? undefined : ocrLanguagesNamed(o.ocr);
        const progress = progressOnTerminal('importing', g().json);
        const report = await call(project, 'importFiles', { paths, ocrLanguages }, progress.context).finally(
          progress.stop,
        );
        const ids = report.files.flatMap((f) => (f.status === 'imported' && f.documentId ? [f.documentId] : []));
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
      }),
    );

  program
    .command('clean')
    .description(
      'show the lines of page furniture the cleanup rules find ("SEE ALSO: …", share buttons, captions…), and with --apply remove them in one step that `quire undo` takes back',
    )
    .option('--documents <list>', 'only these documents (numbers, GUIDs, file names or titles, comma-separated)')
    .option('--rules <list>', `only these rules (comma-separated: ${CLEANUP_RULES.map((r) => r.id).join(', ')})`)
    .option('--apply', 'remove the lines shown')
    .action(async (o: { documents?: string; rules?: string; apply?: boolean }) =>
      withProject(g(), async (project) => {
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

  program
    .command('undo')
    .description('take back the last change (an import, a cleanup, a coding…)')
    .action(async () =>
      withProject(g(), async (project) => {
        const { undone } = await call(project, 'undo', {});
        if (g().json) return printJson({ undone });
        out(undone ? `Undone: ${undone.description}` : 'Nothing to undo.');
      }),
    );

  program
    .command('journal')
    .description('the project journal: with text, write a dated entry; without, read the journal, newest first')
    .argument('[text...]', 'the entry (its first line is its title)')
    .action(async (words: string[]) =>
      withProject(g(), async (project) => {
        if (words.length) {
          const entry = await call(project, 'createNote', { kind: 'journal', text: words.join(' ') });
          if (g().json) return printJson(entry);
          out(`Written in the journal: “${entry.title}”`);
          return;
        }
        const { notes } = await call(project, 'listNotes', { kind: 'journal' });
        if (g().json) return printJson(notes);
        if (!notes.length) out('The journal is empty: quire journal "what you decided and why"');
        for (const n of notes) printNote(n);
      }),
    );

  program
    .command('memos')
    .description(
      'every memo in one place: the journal, free memos and the memos on documents, codes and passages; or write a free memo',
    )
    .option('--search <words>', 'only memos with all these words (case and accents folded as search does)')
    .option('--add <title>', 'write a free memo with this title (its text from --text)')
    .option('--text <text>', 'with --add: the memo')
    .option(
      '--documents <list>',
      'with --add: link it to these documents (numbers, GUIDs, file names or titles, comma-separated)',
    )
    .option('--codes <list>', 'with --add: link it to these codes (names or numbers, comma-separated)')
    .action(async (o: { search?: string; add?: string; text?: string; documents?: string; codes?: string }) =>
      withProject(g(), async (project) => {
        if (o.add !== undefined) {
          const documents =
            o.documents
              ?.split(',')
              .map((ref) => ({ type: 'document' as const, id: findDocument(project.db, ref.trim()) })) ?? [];
          const codes = o.codes
            ? (await codesNamed(project, o.codes)).map((id) => ({ type: 'code' as const, id }))
            : [];
          const memo = await call(project, 'createNote', {
            kind: 'memo',
            title: o.add,
            text: o.text ?? '',
            links: [...documents, ...codes],
          });
          if (g().json) return printJson(memo);
          out(
            `Memo written: “${memo.title}”${memo.links.length ? `, linked to ${memo.links.map((l) => l.label).join('; ')}` : ''}`,
          );
          return;
        }
        const all = await call(project, 'listNotes', { query: o.search });
        if (g().json) return printJson(all);
        for (const n of all.notes) printNote(n);
        for (const m of all.memos) {
          out(
            `# Memo on ${m.target === 'coding' ? 'the passage' : `the ${m.target}`} ${m.target === 'coding' ? m.label : `“${m.label}”`} — ${m.coder}, ${m.updatedAt.slice(0, 10)}`,
          );
          out(m.text);
          out();
        }
        const count = all.notes.length + all.memos.length;
        out(`${plural(count, 'memo')}${o.search ? ` with “${o.search}”` : ''}`);
      }),
    );

  program
    .command('attributes')
    .description(
      'the document attributes (outlet type, country…): list them, add one, read a spreadsheet of values (export them with quire export -f attributes-csv)',
    )
    .option('--add <name>', 'add an attribute')
    .addOption(
      new Option('--type <type>', 'with --add: what it holds')
        .choices(['text', 'number', 'date', 'choice'])
        .default('text'),
    )
    .option('--choices <list>', 'with --add --type choice: the choices, comma-separated')
    .option(
      '--import <file.csv>',
      'set values from a spreadsheet: a column of file names, titles or GUIDs, and one column per attribute',
    )
    .action(
      async (o: { add?: string; type: 'text' | 'number' | 'date' | 'choice'; choices?: string; import?: string }) =>
        withProject(g(), async (project) => {
          if (o.add)
            await call(project, 'createAttribute', {
              name: o.add,
              type: o.type,
              choices: o.choices
                ?.split(',')
                .map((c) => c.trim())
                .filter(Boolean),
            });
          if (o.import) {
            const r = await call(project, 'importAttributes', { path: o.import });
            if (g().json) return printJson(r);
            out(`From ${o.import}: ${plural(r.changed, 'value')} set in ${plural(r.attributes, 'attribute')}.`);
            for (const line of [
              ...r.notes,
              ...r.unmatched.map((u) => `not matched: ${u}`),
              ...r.refused.map((x) => `refused: ${x}`),
            ])
              out(line);
            if (r.unmatched.length || r.refused.length) process.exitCode = EXIT.partial;
            return;
          }
          const { attributes } = await call(project, 'listAttributes', {});
          if (g().json) return printJson(attributes);
          if (!attributes.length) {
            out(
              'No attributes yet: quire attributes --add "Outlet type" --type choice --choices state,independent,foreign',
            );
            return;
          }
          for (const a of attributes)
            out(
              `${a.name}  (${a.type}${a.type === 'choice' ? `: ${a.choices.join(', ')}` : ''})  ${plural(a.filled, 'document')} with a value`,
            );
        }),
    );

  addSetCommands(program, g);

  program
    .command('coder')
    .description(
      'who codes (as QUIRE_CODER or your last choice says), and whether they code blind: then every command shows only their own codings',
    )
    .argument('[name]', 'code under this name from now on')
    .option('--blind', 'code blind: other coders’ codings, counts and memos are hidden from every command')
    .option('--no-blind', 'see every coder’s work again')
    .action(async (name: string | undefined, o: { blind?: boolean }) =>
      withProject(g(), async (project) => {
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

  program
    .command('search')
    .description('search the project; the query language is described in the README')
    .argument(
      '<query>',
      'words, "phrases", OR, -exclusion, prefix*, word~ for spelling variants, NEAR, title:/source:/author:, date:',
    )
    .option('--variants', 'expand every word to its spelling variants')
    .option('--source <name>', 'only documents from this source')
    .option('--set <name>', 'only the documents of this document set')
    .option('--from <date>', 'published on or after (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--to <date>', 'published on or before')
    .addOption(new Option('--limit <n>', 'results per page').argParser(wholeNumber).default(20))
    .addOption(new Option('--offset <n>', 'skip this many results').argParser(wholeNumber).default(0))
    .action(
      async (
        query: string,
        o: {
          variants?: boolean;
          source?: string;
          set?: string;
          from?: string;
          to?: string;
          limit: number;
          offset: number;
        },
      ) =>
        withProject(g(), async (project) => {
          const input = {
            query,
            variants: o.variants,
            source: o.source,
            setId: setChosen(project, o.set),
            dateFrom: o.from,
            dateTo: o.to,
            limit: o.limit,
            offset: o.offset,
          };
          const result = await call(project, 'search', input);
          if (g().json) printJson(result);
          else printSearch(query, result, input.offset);
        }),
    );

  program
    .command('list')
    .description('list the documents in the project')
    .option('--source <name>', 'only documents from this source')
    .option('--set <name>', 'only the documents of this document set')
    .option('--from <date>', 'published on or after')
    .option('--to <date>', 'published on or before')
    .addOption(
      new Option('--sort <field>', 'sort by').choices(['title', 'source', 'published', 'imported']).default('imported'),
    )
    .option('--desc', 'sort descending')
    .addOption(new Option('--limit <n>', 'how many').argParser(wholeNumber).default(1000))
    .addOption(new Option('--offset <n>', 'skip this many').argParser(wholeNumber).default(0))
    .action(
      async (o: {
        source?: string;
        set?: string;
        from?: string;
        to?: string;
        sort: 'title';
        desc?: boolean;
        limit: number;
        offset: number;
      }) =>
        withProject(g(), async (project) => {
          const result = await call(project, 'listDocuments', {
            source: o.source,
            setId: setChosen(project, o.set),
            dateFrom: o.from,
            dateTo: o.to,
            sort: o.sort,
            descending: Boolean(o.desc),
            limit: o.limit,
            offset: o.offset,
          });
          if (g().json) return printJson(result);
          for (const d of result.documents) out(documentLine(d));
          const shown = result.documents.length;
          const range = shown < result.total ? `${shown ? `${o.offset + 1}–${o.offset + shown}` : 'none'} of ` : '';
          out(
            `${range}${plural(result.total, 'document')}${o.offset + shown < result.total ? ` (more: use --offset ${o.offset + shown})` : ''}`,
          );
        }),
    );

  program
    .command('show')
    .description('print a document with its metadata (by number, GUID, file name or title)')
    .argument('<document>', 'the document')
    .option('--meta', 'only the metadata')
    .action(async (ref: string, o: { meta?: boolean }) =>
      withProject(g(), async (project) => {
        const doc = await call(project, 'getDocument', { id: findDocument(project.db, ref) });
        if (g().json) return printJson(o.meta ? { ...doc, body: undefined } : doc);
        const fields: [string, string | number | null][] = [
          // A title taken from the text is said to be one.
          ['Title', doc.title ?? (doc.titleDerived ? 'none in the text; the heading is its opening, shortened' : null)],
          ['Source', doc.source],
          ['Author', doc.author],
          ['Published', doc.published],
          ['URL', doc.url],
          ['Language', doc.language],
          ['File', doc.path ?? doc.filename],
          ['Format', `${doc.format} (${doc.encoding})`],
          ['Characters', doc.charCount],
          ['Imported', doc.importedAt],
          ['GUID', doc.guid],
          ['Content hash', doc.contentHash],
        ];
        out(`# ${doc.displayTitle}  [${doc.id}]`);
        for (const [k, v] of fields) if (v !== null && v !== '') out(`${k.padEnd(13)} ${v}`);
        for (const d of doc.details) out(`${visible(d.name).padEnd(13)} ${visible(d.value)}`);
        for (const n of doc.importNotes) out(`${'Note'.padEnd(13)} ${n}`);
        // The text as it is stored (no controls but tab and line feed are ever stored), to read or to save.
        if (!o.meta) raw(process.stdout, `\n${doc.body}`);
      }),
    );

  program
    .command('import-qdpx')
    .description(
      'import a REFI-QDA project (.qdpx) or codebook (.qdc) from NVivo, ATLAS.ti, MAXQDA or QualCoder; one step that undo takes back',
    )
    .argument('<file>', 'the .qdpx or .qdc file')
    .action(async (file: string) =>
      withProject(g(), async (project) => {
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

  program
    .command('merge')
    .description(
      'merge another Quire project, or a REFI-QDA project or codebook, into this one: documents matched by their text, codes by GUID and then by name; nothing here is overwritten, and undo takes the merge back in one step',
    )
    .argument('<file>', 'the .quire, .qdpx or .qdc file (only read, never changed)')
    .option('--dry-run', 'only show what the merge would do')
    .action(async (file: string, o: { dryRun?: boolean }) =>
      withProject(g(), async (project) => {
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

  program
    .command('export')
    .description(
      'export a report (pdf, html, md, docx), coded segments (csv), the codebook (qdc), the project (qdpx) or the documents as references to cite (ris, csl-json)',
    )
    .requiredOption('-o, --out <file>', 'the file to write (replaced only once the new one is complete)')
    .addOption(
      new Option('-f, --format <format>', 'the format (default: from the file name)').choices(ExportFormat.options),
    )
    .option('--documents <list>', 'only these documents (numbers, GUIDs, file names or titles, comma-separated)')
    .option('--query <query>', 'only the documents this search finds')
    .option('--variants', 'with --query: expand every word to its spelling variants')
    .option(
      '--set <name>',
      'only the documents of this document set (for the report, its stance overview, co-occurrence and agreement alike)',
    )
    .option('--codes <list>', 'only these codes (names or numbers, comma-separated)')
    .option('--title <title>', "the report's title")
    .addOption(new Option('--paper <size>', 'paper size for PDF').choices(['A4', 'Letter']).default('A4'))
    .option('--no-text', "leave out the documents' text")
    .option('--no-memos', 'leave out memos')
    .option('--no-matrix', 'leave out the code-by-document matrix')
    .option('--no-quotes', 'leave out the passages listed by code')
    .option('--no-codebook', 'leave out the codebook')
    .option('--agreement', 'add the intercoder agreement table (and with -f agreement-csv: the table alone)')
    .option(
      '--coders <list>',
      'with --agreement: the coders to compare (two or more names, comma-separated; default: the two with the most codings)',
    )
    .addOption(
      new Option('--level <level>', 'with --agreement: count agreement per character or per coded segment')
        .choices(['character', 'segment'])
        .default('character'),
    )
    .option(
      '--overlap <percent>',
      `with --level segment: how much two segments must overlap to agree (default ${SEGMENT_OVERLAP * 100}, as in MAXQDA)`,
      wholeNumber,
    )
    .option(
      '--stance [groups]',
      'add the stance overview of every exclusive group, or of the groups named (comma-separated)',
    )
    .option(
      '--by <rows>',
      'with --stance: one row per document, source, year or month, or per value of a document attribute (its name)',
      'document',
    )
    .addOption(
      new Option('--shares <of>', 'with --stance: shares of the coded text, or of all the text')
        .choices(['coded', 'all'])
        .default('coded'),
    )
    .addOption(
      new Option(
        '--cooccurrence [scope]',
        'add the code co-occurrence matrix: codes that overlap, or share a paragraph',
      ).choices(['overlap', 'paragraph']),
    )
    .action(async (o: ExportOptions) =>
      withProject(g(), async (project) => {
        const format = o.format ?? formatOf(o.out);
        const input = {
          format,
          path: o.out,
          documentIds: o.documents?.split(',').map((ref) => findDocument(project.db, ref.trim())),
          query: o.query,
          variants: o.variants,
          setId: setChosen(project, o.set),
          codeIds: o.codes ? await codesNamed(project, o.codes) : undefined,
          title: o.title,
          paper: o.paper,
          include: {
            text: o.text,
            memos: o.memos,
            matrix: o.matrix,
            quotes: o.quotes,
            codebook: o.codebook,
            agreement: !!o.agreement,
            stance: !!o.stance,
            cooccurrence: !!o.cooccurrence,
          },
          agreement: {
            coders: o.coders
              ?.split(',')
              .map((c) => c.trim())
              .filter(Boolean),
            level: o.level,
            overlap: o.overlap === undefined ? undefined : o.overlap / 100,
          },
          stance: o.stance
            ? {
                groupIds: typeof o.stance === 'string' ? await groupsNamed(project, o.stance) : undefined,
                by: await stanceRows(project, o.by),
                base: o.shares,
              }
            : undefined,
          cooccurrence: o.cooccurrence
            ? { scope: o.cooccurrence === true ? ('overlap' as const) : o.cooccurrence }
            : undefined,
        };
        const progress = progressOnTerminal('exporting', g().json);
        const result = await call(project, 'exportFile', input, progress.context).finally(progress.stop);
        if (g().json) return printJson({ ...result, base64: undefined });
        out(`Wrote ${result.path} (${format}, ${fileSize(result.bytes)}).`);
        for (const note of result.notes) out(`note: ${note}`);
      }),
    );

  program
    .command('check')
    .description(
      'verify the project: database integrity, search index, document hashes, and one value per passage and coder in each exclusive group; a damaged file is reported with the backup to restore',
    )
    .option('--repair', 'first restore missing triggers and indexes and rebuild the search index')
    .action(async (o: { repair?: boolean }) => {
      const path = projectPath(g());
      let report: CheckReport;
      try {
        report = await withProject(g(), async (project) => {
          if (o.repair) repairUnlessDamaged(project);
          return call(project, 'checkProject', {});
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
      const path = projectPath(g());
      // Listing opens no project: it works for one that is damaged or cannot be opened at all.
      const keep = o.keep ?? readOnly(path, backupsToKeep, DEFAULT_KEEP, { project: true });
      if (o.keep !== undefined) await withProject(g(), async (project) => setBackupsToKeep(project.db, keep));
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

  program
    .command('restore')
    .description(
      'make a new project from one of the project’s backups (never over an existing file); the backup stays as it was',
    )
    .argument('<backup>', 'its number in `quire backups` (1 is the newest), its name, or its path')
    .requiredOption('--to <file>', 'the new project file')
    .action(async (backup: string, o: { to: string }) => {
      const restored = restoreBackup(projectPath(g()), backup, o.to);
      if (g().json) return printJson(restored);
      out(
        `Restored ${restored.backup} as ${restored.path} (${plural(restored.documents, 'document')}). Open it with --project "${restored.path}".`,
      );
    });
  // ---------------------------------------------------------------- analyst's toolkit: code queries, keyword in context, word frequencies
  program
    .command('query')
    .description(
      'find passages by their codes: "Belarus neutral" AND Sanctions; OR, NOT, NEAR/2 (paragraphs), NEAR/300C (characters), FOLLOWED BY; AND/P, NOT/P in the same paragraph',
    )
    .argument('<expression>', 'codes by name (in double quotes when of several words) joined by operators in capitals')
    .option('--attr <name=value>', 'only documents with this value of an attribute (name= for those without one)')
    .option('--coder <names>', 'only these coders’ codings (comma-separated)')
    .option('--csv <file>', 'write every passage found to a CSV file')
    .option('--save-as-code <name>', 'code what is found with a new code, in one step that `quire undo` takes back')
    .action(async (expression: string, o: { attr?: string; coder?: string; csv?: string; saveAsCode?: string }) =>
      withProject(g(), async (project) => {
        const input = {
          query: expression,
          attribute: o.attr ? await attributeFilterNamed(project, o.attr) : undefined,
          coders: coderList(o.coder),
        };
        const result = await call(project, 'codeQuery', { ...input, limit: 100_000 });
        const saved = o.saveAsCode ? await call(project, 'saveCodeQuery', { ...input, name: o.saveAsCode }) : null;
        if (o.csv) await writeCsv(project, o.csv, { kind: 'query', input });
        if (g().json) return printJson(saved ? { ...result, saved } : result);
        out(`Read as: ${result.query}`);
        out(result.readAs);
        for (const note of result.notes) out(note);
        out(`${plural(result.total, 'passage')} in ${plural(result.documents, 'document')}.`);
        for (const s of result.segments)
          out(
            `${s.document.id}  ${s.document.displayTitle}  [${s.code.name}, ${s.coding.coder}]  ${s.coding.start}–${s.coding.end}  “${s.coding.quote.replace(/\s+/g, ' ')}”`,
          );
        if (saved) {
          out(
            `Coded ${plural(saved.passages, 'passage')} in ${plural(saved.documents, 'document')} as “${saved.code.name}” (\`quire undo\` takes it back).`,
          );
          for (const note of saved.notes) out(note);
        }
      }),
    );

  program
    .command('kwic')
    .description(
      'keyword in context: each hit of a search (as `quire search` finds them), or each passage of a code, with the words on either side',
    )
    .argument('[search]', 'a search in the query language')
    .option('--code <name>', 'the passages of this code instead of a search')
    .addOption(
      new Option('--width <n>', 'characters of context on each side, cut to whole words')
        .argParser(wholeNumber)
        .default(60),
    )
    .addOption(
      new Option('--sort <side>', 'sort by the words left or right of the hit (default: by document)').choices([
        'left',
        'right',
      ]),
    )
    .option('--attr <name=value>', 'only documents with this value of an attribute')
    .option('--csv <file>', 'write every line to a CSV file')
    .action(
      async (
        query: string | undefined,
        o: { code?: string; width: number; sort?: 'left' | 'right'; attr?: string; csv?: string },
      ) =>
        withProject(g(), async (project) => {
          if ((query === undefined) === (o.code === undefined))
            throw new QuireError('invalid_input', 'Give a search, or a code with --code, to make a concordance of.');
          const codeId = o.code === undefined ? undefined : (await codesNamed(project, o.code))[0];
          const input = {
            query,
            codeId,
            width: o.width,
            sort: o.sort ?? 'document',
            attribute: o.attr ? await attributeFilterNamed(project, o.attr) : undefined,
            limit: 200_000,
          } as const;
          const result = await call(project, 'kwic', input);
          if (o.csv) await writeCsv(project, o.csv, { kind: 'kwic', input });
          if (g().json) return printJson(result);
          out(`${plural(result.total, 'line')} in ${plural(result.documents, 'document')}: ${result.of}.`);
          for (const note of result.notes) out(note);
          const [open, close] = tty ? ['\x1b[1;33m', '\x1b[0m'] : ['[', ']'];
          for (const l of result.lines)
            raw(
              process.stdout,
              `${visible(l.left).padStart(o.width)}${open}${visible(l.hit)}${close}${visible(l.right)}    ${l.documentId}:${l.start}`,
            );
        }),
    );

  program
    .command('words')
    .description(
      'word frequencies (stemmed as search stems, without stop words), or with --compare-attr … --with … the words characteristic of one scope against another (log-likelihood, log ratio)',
    )
    .option('--attr <name=value>', 'only documents with this value of an attribute')
    .option('--code <name>', 'only the text coded with this code')
    .option('--compare-attr <name=value>', 'compare documents with this attribute value…')
    .option('--with <name=value>', '…against those with this one')
    .option('--keep-stop-words', 'count stop words too')
    .addOption(new Option('--top <n>', 'how many words').argParser(wholeNumber).default(30))
    .option('--csv <file>', 'write the table to a CSV file')
    .action(
      async (o: {
        attr?: string;
        code?: string;
        compareAttr?: string;
        with?: string;
        keepStopWords?: boolean;
        top: number;
        csv?: string;
      }) =>
        withProject(g(), async (project) => {
          if ((o.compareAttr === undefined) !== (o.with === undefined))
            throw new QuireError(
              'invalid_input',
              'Compare two scopes with both --compare-attr name=value and --with name=value.',
            );
          const codeId = o.code === undefined ? undefined : (await codesNamed(project, o.code))[0];
          const scope = o.compareAttr
            ? { attribute: await attributeFilterNamed(project, o.compareAttr), codeId }
            : { attribute: o.attr ? await attributeFilterNamed(project, o.attr) : undefined, codeId };
          const compare = o.with ? { attribute: await attributeFilterNamed(project, o.with), codeId } : undefined;
          const input = { scope, compare, keepStopWords: o.keepStopWords ?? false, top: o.top };
          const progress = progressOnTerminal('counting words', g().json);
          const result = await call(project, 'wordFrequencies', input, progress.context).finally(progress.stop);
          if (o.csv) await writeCsv(project, o.csv, { kind: 'words', input });
          if (g().json) return printJson(result);
          const words = (x: { label: string; documents: number; words: number }) =>
            `${x.label} (${plural(x.documents, 'document')}, ${plural(x.words, 'word')})`;
          out(result.compare ? `${words(result.scope)} against ${words(result.compare)}:` : `${words(result.scope)}:`);
          for (const note of result.notes) out(note);
          const width = Math.max(4, ...result.rows.map((r) => r.word.length));
          if (result.compare) {
            out(
              `${'word'.padEnd(width)}  ${'count'.padStart(7)}  ${'other'.padStart(7)}  ${'LL'.padStart(8)}  ${'log ratio'.padStart(9)}`,
            );
            for (const r of result.rows)
              out(
                `${r.word.padEnd(width)}  ${String(r.count).padStart(7)}  ${String(r.other).padStart(7)}  ${r.keyness!.toFixed(2).padStart(8)}  ${r.logRatio!.toFixed(2).padStart(9)}`,
              );
          } else {
            out(
              `${'word'.padEnd(width)}  ${'count'.padStart(7)}  ${'documents'.padStart(9)}  ${'per 10,000'.padStart(10)}`,
            );
            for (const r of result.rows)
              out(
                `${r.word.padEnd(width)}  ${String(r.count).padStart(7)}  ${String(r.documents).padStart(9)}  ${r.per10k.toFixed(2).padStart(10)}`,
              );
          }
        }),
    );
  // ---------------------------------------------------------------- end of the analyst's toolkit
  return program;
}

/** `check --repair` mends the index and the schema; a damaged file it cannot mend, and check then says what to do. */
function repairUnlessDamaged(project: ProjectHandle): void {
  try {
    repairProject(project.db);
  } catch (e) {
    const t = translateSqliteError(e, project.path);
    if (!isQuireError(t) || t.code !== 'damaged') throw t;
    err('quire: note: --repair cannot mend a damaged file; the check below says what to do.');
  }
}

interface ExportOptions {
  out: string;
  format?: ExportFormat;
  documents?: string;
  query?: string;
  variants?: boolean;
  set?: string;
  codes?: string;
  title?: string;
  paper: 'A4' | 'Letter';
  text: boolean;
  memos: boolean;
  matrix: boolean;
  quotes: boolean;
  codebook: boolean;
  agreement?: boolean;
  coders?: string;
  level: 'character' | 'segment';
  overlap?: number;
  stance?: boolean | string;
  by: string;
  shares: 'coded' | 'all';
  cooccurrence?: true | 'overlap' | 'paragraph';
}

/** The format a file name asks for: report.pdf is a PDF. */
function formatOf(path: string): ExportFormat {
  const ext = extname(path).slice(1).toLowerCase();
  // A .json export is the documents as references (CSL-JSON): the only JSON Quire writes.
  const parsed = ExportFormat.safeParse(ext === 'json' ? 'csl-json' : ext);
  if (!parsed.success)
    throw new QuireError(
      'invalid_input',
      `Say which format to write with --format (${ExportFormat.options.join(', ')}); “${path}” does not tell.`,
    );
  return parsed.data;
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

/** Code groups by name (any case), comma-separated; an unknown one is a usage error naming the groups there are. */
/** --by: document, source, year, month, or a document attribute by its name (any case). */
async function stanceRows(project: ProjectHandle, by: string): Promise<StanceBy> {
  const grouping = StanceGrouping.safeParse(by);
  if (grouping.success) return grouping.data;
  const { attributes } = await call(project, 'listAttributes', {});
  const attribute = attributes.find((a) => a.name.toLowerCase() === by.trim().toLowerCase());
  if (attribute) return `attribute:${attribute.id}`;
  const names = ['document', 'source', 'year', 'month', ...attributes.map((a) => `“${a.name}”`)].join(', ');
  throw new QuireError(
    'invalid_input',
    `--by ${by}: give document, source, year or month, or a document attribute (${names}).`,
  );
}

async function groupsNamed(project: ProjectHandle, list: string): Promise<number[]> {
  const { groups } = await call(project, 'getCodebook', {});
  return list.split(',').map((name) => {
    const group = groups.find((g) => g.name.toLowerCase() === name.trim().toLowerCase());
    if (!group)
      throw new QuireError(
        'invalid_input',
        `There is no code group “${name.trim()}”. The groups are: ${groups.map((g) => `“${g.name}”`).join(', ') || 'none'}.`,
      );
    return group.id;
  });
}

/** Codes by name (any case) or number, comma-separated. */
async function codesNamed(project: ProjectHandle, list: string): Promise<number[]> {
  const { codes } = await call(project, 'getCodebook', {});
  return list.split(',').map((ref) => {
    const wanted = ref.trim();
    const code = codes.find((c) => String(c.id) === wanted || c.name.toLowerCase() === wanted.toLowerCase());
    if (!code) throw new QuireError('not_found', `There is no code “${wanted}”.`);
    return code.id;
  });
}

/** A set chosen by name with --set (any case); a name the project has no set of is refused, naming it and the sets there are. */
function setChosen(project: ProjectHandle, name: string | undefined): number | undefined {
  return name === undefined ? undefined : setIdNamed(project.db, name);
}

/** One set in a line or three: its name, size and kind; then its description and what its query met. */
function printSet(s: DocumentSet): void {
  out(`${s.name}  ${plural(s.count, 'document')}  ${s.kind === 'hand' ? 'by hand' : `saved search: ${s.queryText}`}`);
  if (s.description) out(`  ${s.description}`);
  for (const note of s.notes) out(`  note: ${note}`);
}

/** Documents by number, GUID, file name or title, as arguments or a comma-separated list. */
const documentsNamed = (project: ProjectHandle, refs: readonly string[]) =>
  refs
    .flatMap((r) => r.split(','))
    .map((ref) => ref.trim())
    .filter(Boolean)
    .map((ref) => findDocument(project.db, ref));

/** `quire sets` and `quire set create|add|remove|rename|describe|freeze|delete|show`. */
function addSetCommands(program: Command, g: () => GlobalOptions): void {
  program
    .command('sets')
    .description(
      'the document sets (“state outlets”, “my sample”) with how many documents each holds now; `quire set` makes and changes them',
    )
    .action(async () =>
      withProject(g(), async (project) => {
        const { sets } = await call(project, 'listSets', {});
        if (g().json) return printJson(sets);
        if (!sets.length)
          out(
            'No document sets yet: quire set create "My sample" --documents 1,3, or --query Lukashenka to save a search.',
          );
        for (const s of sets) printSet(s);
      }),
    );
  const set = program
    .command('set')
    .description('make and change document sets: create, add, remove, rename, describe, freeze, delete, show');
  /** Runs a set command on the project and prints what it answers: JSON, or in words. */
  const run = <T>(work: (p: ProjectHandle) => Promise<T>, say: (result: T) => void) =>
    withProject(g(), async (project) => {
      const result = await work(project);
      if (g().json) printJson(result);
      else say(result);
    });
  set
    .command('create')
    .description(
      'a set by hand (--documents), or saved from a search or filter (--query, --source, --from, --to), run again whenever it is used',
    )
    .argument('<name>', 'its name')
    .option('--documents <list>', 'its documents (numbers, GUIDs, file names or titles, comma-separated)')
    .option('--query <query>', 'save this search: documents imported later that match join the set')
    .option('--source <name>', 'save a filter: documents from this source')
    .option('--from <date>', 'save a filter: published on or after')
    .option('--to <date>', 'save a filter: published on or before')
    .option('--description <text>', 'what the set is for')
    .action(
      async (
        name: string,
        o: { documents?: string; query?: string; source?: string; from?: string; to?: string; description?: string },
      ) => {
        const saved = o.query !== undefined || o.source !== undefined || o.from !== undefined || o.to !== undefined;
        await run(
          (p) =>
            call(p, 'createSet', {
              name,
              description: o.description,
              documentIds: o.documents ? documentsNamed(p, [o.documents]) : undefined,
              query: saved ? { query: o.query, source: o.source, dateFrom: o.from, dateTo: o.to } : undefined,
            }),
          (s) => {
            out(`Made the set “${s.name}”:`);
            printSet(s);
          },
        );
      },
    );
  for (const [verb, method, help] of [
    ['add', 'addToSet', 'add documents to a set made by hand'],
    ['remove', 'removeFromSet', 'take documents out of a set made by hand'],
  ] as const) {
    set
      .command(verb)
      .description(help)
      .argument('<set>', 'the set')
      .argument('<documents...>', 'the documents (numbers, GUIDs, file names or titles)')
      .action(async (name: string, refs: string[]) =>
        run(
          (p) => call(p, method, { id: setIdNamed(p.db, name), documentIds: documentsNamed(p, refs) }),
          (r) => out(r.message),
        ),
      );
  }
  set
    .command('rename')
    .argument('<set>', 'the set')
    .argument('<name>', 'its new name')
    .action(async (name: string, to: string) =>
      run(
        (p) => call(p, 'updateSet', { id: setIdNamed(p.db, name), name: to }),
        (s) => out(`Renamed “${name}” to “${s.name}”.`),
      ),
    );
  set
    .command('describe')
    .argument('<set>', 'the set')
    .argument('<description>', 'what the set is for ("" clears it)')
    .action(async (name: string, description: string) =>
      run(
        (p) => call(p, 'updateSet', { id: setIdNamed(p.db, name), description }),
        (s) => printSet(s),
      ),
    );
  set
    .command('freeze')
    .description('make a saved search a set by hand of the documents it finds now (later imports no longer join it)')
    .argument('<set>', 'the set')
    .action(async (name: string) =>
      run(
        (p) => call(p, 'freezeSet', { id: setIdNamed(p.db, name) }),
        (s) => out(`“${s.name}” is now a set by hand of ${plural(s.count, 'document')}.`),
      ),
    );
  set
    .command('delete')
    .description('delete a set (its documents stay in the project; `quire undo` brings the set back)')
    .argument('<set>', 'the set')
    .action(async (name: string) =>
      run(
        (p) => call(p, 'deleteSet', { id: setIdNamed(p.db, name) }),
        (r) => out(`Deleted the set “${name}” (it held ${plural(r.members, 'document')}; they stay in the project).`),
      ),
    );
  set
    .command('show')
    .description('a set and its documents')
    .argument('<set>', 'the set')
    .action(async (name: string) =>
      run(
        (p) => call(p, 'getSet', { id: setIdNamed(p.db, name) }),
        ({ set: s, documents }) => {
          printSet(s);
          for (const d of documents) out(documentLine(d));
        },
      ),
    );
}

// ---------------------------------------------------------------- analyst's toolkit: helpers
/** --attr "Outlet type=state": an attribute by its name (any case) and a value; nothing after "=" chooses documents without a value. */
async function attributeFilterNamed(
  project: ProjectHandle,
  given: string,
): Promise<{ id: number; value: string | null }> {
  const at = given.indexOf('=');
  if (at < 0)
    throw new QuireError(
      'invalid_input',
      `“${given}”: write an attribute and a value as name=value, such as "Outlet type=state".`,
    );
  const [name, value] = [given.slice(0, at).trim(), given.slice(at + 1).trim()];
  const { attributes } = await call(project, 'listAttributes', {});
  const attribute = attributes.find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (!attribute)
    throw new QuireError(
      'invalid_input',
      `There is no attribute “${name}”. The attributes are: ${attributes.map((a) => `“${a.name}”`).join(', ') || 'none'}.`,
    );
  return { id: attribute.id, value: value === '' ? null : value };
}

const coderList = (list: string | undefined) =>
  list
    ?.split(',')
    .map((c) => c.trim())
    .filter(Boolean);

/** Writes an analysis's whole table as CSV, and says where on stderr (stdout keeps the table or the JSON). */
async function writeCsv(project: ProjectHandle, path: string, request: MethodInput<'analysisCsv'>): Promise<void> {
  const csv = await call(project, 'analysisCsv', request);
  writeFileSync(path, Buffer.from(csv.base64, 'base64'));
  err(`Wrote ${plural(csv.rows, 'row')} to ${path}.`);
}

/** `quire list | head` closes stdout early: drop the rest of the output instead of crashing on EPIPE. */
function ignoreClosedStdout(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EPIPE') throw e;
}

export async function main(argv: string[]): Promise<number> {
  if (!process.stdout.listeners('error').includes(ignoreClosedStdout)) process.stdout.on('error', ignoreClosedStdout);
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return reportFailure('quire', translateSqliteError(e));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
