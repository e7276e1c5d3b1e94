// The analyst's toolkit: code queries, keyword in context, word frequencies.
import { Option, type Command } from 'commander';
import { writeFileSync } from 'node:fs';
import type { MethodInput } from '../../shared/api.ts';
import { QuireError } from '../../shared/errors.ts';
import { plural, visible } from '../../shared/text.ts';
import type { ProjectHandle } from '../core/project.ts';
import type { Globals } from './context.ts';
import { engine, withProject } from './lazy.ts';
import { coderList, err, out, printJson, raw, tty, wholeNumber } from './io.ts';

/** Writes an analysis's whole table as CSV, and says where on stderr (stdout keeps the table or the JSON). */
async function writeCsv(project: ProjectHandle, path: string, request: MethodInput<'analysisCsv'>): Promise<void> {
  const { call } = await engine();
  const csv = await call(project, 'analysisCsv', request);
  writeFileSync(path, Buffer.from(csv.base64, 'base64'));
  err(`Wrote ${plural(csv.rows, 'row')} to ${path}.`);
}

export function queryCommand(program: Command, g: Globals): void {
  program
    .command('query')
    .description(
      'find passages by their codes: "Belarus neutral" AND Sanctions; OR, NOT, NEAR/2 (paragraphs), NEAR/300C (characters), FOLLOWED BY; AND/P, NOT/P in the same paragraph',
    )
    .argument('<expression>', 'codes by name (in double quotes when of several words) joined by operators in capitals')
    .option('--attr <name=value>', 'only documents with this value of an attribute (name= for those without one)')
    .option('--set <name>', 'only the documents of this document set')
    .option('--coder <names>', 'only these coders’ codings (comma-separated)')
    .option('--csv <file>', 'write every passage found to a CSV file')
    .option('--save-as-code <name>', 'code what is found with a new code, in one step that `quire undo` takes back')
    .action(
      async (
        expression: string,
        o: { attr?: string; set?: string; coder?: string; csv?: string; saveAsCode?: string },
      ) =>
        withProject(g(), async (project, { call, attributeFilterNamed, setChosen }) => {
          const input = {
            query: expression,
            attribute: o.attr ? await attributeFilterNamed(project, o.attr) : undefined,
            setId: setChosen(project, o.set),
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
}

export function kwicCommand(program: Command, g: Globals): void {
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
    .option('--set <name>', 'only the documents of this document set')
    .option('--csv <file>', 'write every line to a CSV file')
    .action(
      async (
        query: string | undefined,
        o: { code?: string; width: number; sort?: 'left' | 'right'; attr?: string; set?: string; csv?: string },
      ) =>
        withProject(g(), async (project, { call, attributeFilterNamed, codesNamed, setChosen }) => {
          if ((query === undefined) === (o.code === undefined))
            throw new QuireError('invalid_input', 'Give a search, or a code with --code, to make a concordance of.');
          const codeId = o.code === undefined ? undefined : (await codesNamed(project, o.code))[0];
          const input = {
            query,
            codeId,
            width: o.width,
            sort: o.sort ?? 'document',
            attribute: o.attr ? await attributeFilterNamed(project, o.attr) : undefined,
            setId: setChosen(project, o.set),
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
}

export function wordsCommand(program: Command, g: Globals): void {
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
        withProject(g(), async (project, { call, attributeFilterNamed, codesNamed, progressOnTerminal }) => {
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
}
