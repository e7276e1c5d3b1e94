// Writing reports, tables and exchange files.
import { Option, type Command } from 'commander';
import { extname } from 'node:path';
import type { ExportFormat, StanceBy } from '../../shared/api.ts';
import { SEGMENT_OVERLAP } from '../../shared/agreement.ts';
import { QuireError } from '../../shared/errors.ts';
import { EXPORT_FORMATS, STANCE_GROUPINGS } from '../../shared/methods.ts';
import { fileSize } from '../../shared/text.ts';
import type { ProjectHandle } from '../core/project.ts';
import type { Globals } from './context.ts';
import { engine, withProject } from './lazy.ts';
import { out, printJson, wholeNumber } from './io.ts';

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
  const format = EXPORT_FORMATS.find((f) => f === (ext === 'json' ? 'csl-json' : ext));
  if (!format)
    throw new QuireError(
      'invalid_input',
      `Say which format to write with --format (${EXPORT_FORMATS.join(', ')}); “${path}” does not tell.`,
    );
  return format;
}

/** --by: document, source, year, month, or a document attribute by its name (any case). */
async function stanceRows(project: ProjectHandle, by: string): Promise<StanceBy> {
  const grouping = STANCE_GROUPINGS.find((g) => g === by);
  if (grouping) return grouping;
  const { call } = await engine();
  const { attributes } = await call(project, 'listAttributes', {});
  const attribute = attributes.find((a) => a.name.toLowerCase() === by.trim().toLowerCase());
  if (attribute) return `attribute:${attribute.id}`;
  const names = ['document', 'source', 'year', 'month', ...attributes.map((a) => `“${a.name}”`)].join(', ');
  throw new QuireError(
    'invalid_input',
    `--by ${by}: give document, source, year or month, or a document attribute (${names}).`,
  );
}

export function exportCommand(program: Command, g: Globals): void {
  program
    .command('export')
    .description(
      'export a report (pdf, html, md, docx), coded segments (csv), the codebook (qdc), the project (qdpx) or the documents as references to cite (ris, csl-json)',
    )
    .requiredOption('-o, --out <file>', 'the file to write (replaced only once the new one is complete)')
    .addOption(new Option('-f, --format <format>', 'the format (default: from the file name)').choices(EXPORT_FORMATS))
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
      withProject(
        g(),
        async (project, { findDocument, call, codesNamed, groupsNamed, setChosen, progressOnTerminal }) => {
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
        },
      ),
    );
}
