// The documents: their attributes, their sets, listing them and showing one.
import { Option, type Command } from 'commander';
import type { DocumentSet, DocumentSummary } from '../../shared/api.ts';
import { plural, visible } from '../../shared/text.ts';
import type { ProjectHandle } from '../core/project.ts';
import { EXIT } from '../exit.ts';
import type { Globals } from './context.ts';
import { withProject, type Engine } from './lazy.ts';
import { out, printJson, raw, wholeNumber } from './io.ts';

/** A document as `quire list` lists it: number, date, source, title. */
const documentLine = (d: DocumentSummary) =>
  `${String(d.id).padStart(5)}  ${(d.published ?? '').padEnd(10)}  ${(d.source ?? '').slice(0, 24).padEnd(24)}  ${d.displayTitle}`;

/** One set in a line or three: its name, size and kind; then its description and what its query met. */
function printSet(s: DocumentSet): void {
  out(`${s.name}  ${plural(s.count, 'document')}  ${s.kind === 'hand' ? 'by hand' : `saved search: ${s.queryText}`}`);
  if (s.description) out(`  ${s.description}`);
  for (const note of s.notes) out(`  note: ${note}`);
}

/** `quire sets` and `quire set create|add|remove|rename|describe|freeze|delete|show`. */
export function addSetCommands(program: Command, g: Globals): void {
  program
    .command('sets')
    .description(
      'the document sets (“state outlets”, “my sample”) with how many documents each holds now; `quire set` makes and changes them',
    )
    .action(async () =>
      withProject(g(), async (project, { call }) => {
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
  const run = <T>(work: (p: ProjectHandle, engine: Engine) => Promise<T>, say: (result: T) => void) =>
    withProject(g(), async (project, engine) => {
      const result = await work(project, engine);
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
          (p, { call, documentsNamed }) =>
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
          (p, { call, setIdNamed, documentsNamed }) =>
            call(p, method, { id: setIdNamed(p.db, name), documentIds: documentsNamed(p, refs) }),
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
        (p, { call, setIdNamed }) => call(p, 'updateSet', { id: setIdNamed(p.db, name), name: to }),
        (s) => out(`Renamed “${name}” to “${s.name}”.`),
      ),
    );
  set
    .command('describe')
    .argument('<set>', 'the set')
    .argument('<description>', 'what the set is for ("" clears it)')
    .action(async (name: string, description: string) =>
      run(
        (p, { call, setIdNamed }) => call(p, 'updateSet', { id: setIdNamed(p.db, name), description }),
        (s) => printSet(s),
      ),
    );
  set
    .command('freeze')
    .description('make a saved search a set by hand of the documents it finds now (later imports no longer join it)')
    .argument('<set>', 'the set')
    .action(async (name: string) =>
      run(
        (p, { call, setIdNamed }) => call(p, 'freezeSet', { id: setIdNamed(p.db, name) }),
        (s) => out(`“${s.name}” is now a set by hand of ${plural(s.count, 'document')}.`),
      ),
    );
  set
    .command('delete')
    .description('delete a set (its documents stay in the project; `quire undo` brings the set back)')
    .argument('<set>', 'the set')
    .action(async (name: string) =>
      run(
        (p, { call, setIdNamed }) => call(p, 'deleteSet', { id: setIdNamed(p.db, name) }),
        (r) => out(`Deleted the set “${name}” (it held ${plural(r.members, 'document')}; they stay in the project).`),
      ),
    );
  set
    .command('show')
    .description('a set and its documents')
    .argument('<set>', 'the set')
    .action(async (name: string) =>
      run(
        (p, { call, setIdNamed }) => call(p, 'getSet', { id: setIdNamed(p.db, name) }),
        ({ set: s, documents }) => {
          printSet(s);
          for (const d of documents) out(documentLine(d));
        },
      ),
    );
}

export function attributesCommand(program: Command, g: Globals): void {
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
        withProject(g(), async (project, { call }) => {
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
}

export function listCommand(program: Command, g: Globals): void {
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
        withProject(g(), async (project, { call, setChosen }) => {
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
}

export function showCommand(program: Command, g: Globals): void {
  program
    .command('show')
    .description('print a document with its metadata (by number, GUID, file name or title)')
    .argument('<document>', 'the document')
    .option('--meta', 'only the metadata')
    .action(async (ref: string, o: { meta?: boolean }) =>
      withProject(g(), async (project, { findDocument, call }) => {
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
}
