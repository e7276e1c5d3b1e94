// The project journal and every memo.
import type { Command } from 'commander';
import type { Note } from '../../shared/api.ts';
import { plural } from '../../shared/text.ts';
import type { Globals } from './context.ts';
import { withProject } from './lazy.ts';
import { out, printJson } from './io.ts';

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

export function journalCommand(program: Command, g: Globals): void {
  program
    .command('journal')
    .description('the project journal: with text, write a dated entry; without, read the journal, newest first')
    .argument('[text...]', 'the entry (its first line is its title)')
    .action(async (words: string[]) =>
      withProject(g(), async (project, { call }) => {
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
}

export function memosCommand(program: Command, g: Globals): void {
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
      withProject(g(), async (project, { findDocument, call, codesNamed }) => {
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
}
