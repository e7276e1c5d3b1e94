// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- tsconfig.e2e.json reaches this file only through imports: the reference brings Citation.js's types with it
/// <reference path="./citation-js.d.ts" />
// BibTeX and BibLaTeX (.bib: Zotero, JabRef, Mendeley, Better BibTeX). Entries
// are read by Citation.js (LaTeX accents and commands, name lists, dates, string
// macros), one at a time, so one broken entry fails alone; Zotero's "file"
// field names the attachments ("Full Text PDF:files/12/x.pdf:application/pdf").
import { cslReference } from './csl.ts';
import { filePath } from './ris.ts';
import type { Reference, ReferenceError } from './model.ts';

const ENTRY_START = /^[ \t]*@([A-Za-z]+)[ \t]*[{(]/gm;

export function isBibtex(text: string): boolean {
  return /^[ \t]*@(article|book|inbook|incollection|inproceedings|misc|online|report|techreport|thesis|phdthesis|mastersthesis|unpublished|newspaper|periodical|electronic|www|booklet|manual|proceedings|collection|string|preamble|comment)[ \t]*[{(]/im.test(
    text,
  );
}

type Chain = (input: unknown, options: { target: string; generateGraph?: boolean }) => unknown;

export async function parseBibtex(text: string): Promise<{ references: Reference[]; errors: ReferenceError[] }> {
  const { plugins } = await import('@citation-js/core');
  await import('@citation-js/plugin-bibtex');
  const chain: Chain = plugins.input.chain;
  const starts = [...text.matchAll(ENTRY_START)];
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  // String macros (@string{g = "The Guardian"}) are given to every entry that may use them.
  const macros = starts.map((m, i) => (m[1]!.toLowerCase() === 'string' ? chunkAt(text, starts, i) : '')).join('');
  const references: Reference[] = [];
  const errors: ReferenceError[] = [];
  starts.forEach((m, i) => {
    const kind = m[1]!.toLowerCase();
    if (kind === 'string' || kind === 'comment' || kind === 'preamble') return;
    const line = lineAt(m.index);
    const chunk = chunkAt(text, starts, i);
    try {
      const entries = chain(`${macros}\n${chunk}`, { target: '@biblatex/entries+list', generateGraph: false }) as {
        label: string;
        properties: Record<string, string>;
      }[];
      const entry = entries[0];
      if (!entry) throw new Error('no entry');
      const csl =
        (chain(entries, { target: '@csl/list+object', generateGraph: false }) as Record<string, unknown>[])[0] ?? {};
      const ref = cslReference(csl, line);
      ref.attachments = fileField(entry.properties.file ?? '');
      references.push(ref);
    } catch {
      errors.push({
        line,
        message: `The entry at line ${line} (“@${m[1]}”) could not be read as BibTeX: check that its braces and quotes close.`,
      });
    }
  });
  return { references, errors };
}

function chunkAt(text: string, starts: readonly RegExpMatchArray[], i: number): string {
  return text.slice(starts[i]!.index, starts[i + 1]?.index ?? text.length);
}

/** Zotero and JabRef: "description:path:type" entries separated by ";", with "\:" for a colon inside the path. */
function fileField(value: string): string[] {
  return value
    .split(/(?<!\\);/)
    .map((part) => {
      const fields = part.split(/(?<!\\):/).map((f) => f.replace(/\\([:;\\])/g, '$1'));
      // "path" alone, or "description:path:type"
      const path = fields.length >= 3 ? fields[1]! : fields.length === 2 ? fields[0]! : fields[0]!;
      return filePath(path);
    })
    .filter((p) => p.trim());
}
