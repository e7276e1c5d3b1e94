// Searching the project: ranked results with their snippets.
import { Option, type Command } from 'commander';
import type { DocumentSummary, MarkedText, SearchOutput } from '../../shared/api.ts';
import { plural, visible } from '../../shared/text.ts';
import type { Globals } from './context.ts';
import { withProject } from './lazy.ts';
import { err, out, printJson, raw, tty, wholeNumber } from './io.ts';

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

export function searchCommand(program: Command, g: Globals): void {
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
        withProject(g(), async (project, { call, setChosen }) => {
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
}
