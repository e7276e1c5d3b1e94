import { observer } from 'mobx-react-lite';
import type { Note, NoteLink, TargetMemo } from '../../../shared/api.ts';
import { clip, visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';
import type { NotesFilter } from '../stores/NotesStore.ts';

const FILTERS: [NotesFilter, string][] = [
  ['all', 'All'],
  ['journal', 'Journal'],
  ['memo', 'Free memos'],
  ['on', 'On documents, codes, passages'],
];

const day = (iso: string) =>
  new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** What a link points at, as a button that opens it; a deleted target is said, not offered. */
const LinkButton = observer(function LinkButton({ link }: { link: NoteLink }) {
  const { notes } = useStore();
  const what = link.type === 'code' ? 'Code' : link.type === 'document' ? 'Document' : 'Passage';
  if (link.id === null) return <span className="note-link gone">{visible(link.label)}</span>;
  return (
    <button className="note-link" onClick={() => notes.open(link)} title={`Open: ${visible(link.label)}`}>
      {what}: {visible(link.label)}
    </button>
  );
});

/** The form for a new or edited journal entry or memo: title, text, and what it is linked to. */
const Editor = observer(function Editor() {
  const { notes, panes, coding, documents } = useStore();
  const draft = notes.draft!;
  const open = panes.focusedPane.documentId;
  // The open document's coded passages by their quotes, read in its text (the reader's listing carries no quotes).
  const quotes = open === null ? new Map<number, string>() : coding.quotesOf(open);
  const linked = (type: 'document' | 'code' | 'coding', id: number) =>
    draft.links.some((l) => l.type === type && l.id === id);
  return (
    <form
      className="note-editor"
      aria-label={draft.kind === 'journal' ? 'Journal entry' : 'Memo'}
      onSubmit={(e) => {
        e.preventDefault();
        void notes.save();
      }}
    >
      <input
        aria-label="Title"
        placeholder={draft.kind === 'journal' ? 'Title (else its first line)' : 'Title'}
        value={draft.title}
        onChange={(e) => notes.change({ title: e.target.value })}
      />
      <textarea
        aria-label="Text"
        rows={6}
        value={draft.text}
        autoFocus
        onChange={(e) => notes.change({ text: e.target.value })}
      />
      {draft.kind === 'memo' && (
        <fieldset className="note-links">
          <legend>About</legend>
          {draft.links.map((l) => (
            <button
              type="button"
              key={`${l.type}:${l.id}`}
              className="note-link"
              aria-label={`Unlink ${visible(l.label)}`}
              onClick={() => notes.toggleLink(l)}
            >
              {l.type === 'code' ? 'Code' : l.type === 'document' ? 'Document' : 'Passage'}: {visible(l.label)} ×
            </button>
          ))}
          {open !== null && !linked('document', open) && (
            <button
              type="button"
              onClick={() =>
                notes.toggleLink({
                  type: 'document',
                  id: open,
                  label: documents.get(open)?.displayTitle ?? 'the open document',
                })
              }
            >
              Link the open document
            </button>
          )}
          {open !== null && quotes.size > 0 && (
            <select
              aria-label="Link a coded passage"
              value=""
              onChange={(e) => {
                const k = coding.codingsOf(open).find((c) => c.id === Number(e.target.value));
                if (k && !linked('coding', k.id))
                  notes.toggleLink({ type: 'coding', id: k.id, label: `“${clip(quotes.get(k.id) ?? '', 60)}”` });
              }}
            >
              <option value="">Link a coded passage…</option>
              {coding
                .codingsOf(open)
                .filter((k) => !linked('coding', k.id))
                .map((k) => (
                  <option key={k.id} value={k.id}>
                    {visible(coding.codes.find((c) => c.id === k.codeId)?.name ?? '')}: “
                    {clip(quotes.get(k.id) ?? '', 50)}”
                  </option>
                ))}
            </select>
          )}
          <select
            aria-label="Link a code"
            value=""
            onChange={(e) => {
              const code = coding.codes.find((c) => c.id === Number(e.target.value));
              if (code && !linked('code', code.id)) notes.toggleLink({ type: 'code', id: code.id, label: code.name });
            }}
          >
            <option value="">Link a code…</option>
            {coding.codes
              .filter((c) => !linked('code', c.id))
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {visible(c.name)}
                </option>
              ))}
          </select>
        </fieldset>
      )}
      <div className="buttons">
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={() => notes.cancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
});

const NoteItem = observer(function NoteItem({ note }: { note: Note }) {
  const { notes } = useStore();
  return (
    <li className="note" data-note={note.id}>
      <h4>{visible(note.title)}</h4>
      <p className="meta">
        {note.kind === 'journal' ? 'Journal' : 'Memo'} · {visible(note.coder)} · {day(note.createdAt)}
        {note.updatedAt !== note.createdAt && ` · edited ${day(note.updatedAt)}`}
      </p>
      {note.links.length > 0 && (
        <p className="note-links">
          {note.links.map((l, i) => (
            <LinkButton key={i} link={l} />
          ))}
        </p>
      )}
      {note.text && <p className="note-text">{note.text}</p>}
      {note.mine && (
        <div className="buttons">
          <button onClick={() => notes.edit(note)}>Edit</button>
          <button onClick={() => void notes.remove(note)}>Delete</button>
        </div>
      )}
    </li>
  );
});

const MemoItem = observer(function MemoItem({ memo }: { memo: TargetMemo }) {
  const { notes } = useStore();
  const on = memo.target === 'coding' ? 'the passage' : `the ${memo.target}`;
  return (
    <li className="note on-target">
      <button
        className="note-link"
        onClick={() => notes.open({ type: memo.target, id: memo.id, documentId: memo.documentId })}
      >
        Memo on {on}: {visible(memo.label)}
      </button>
      <p className="meta">
        {visible(memo.coder)} · {day(memo.updatedAt)}
      </p>
      <p className="note-text">{memo.text}</p>
    </li>
  );
});

/** Every memo in one place: the journal, free memos, and the memos on documents, codes and passages; searched as search folds words. */
export const NotesPanel = observer(function NotesPanel() {
  const { notes } = useStore();
  const count = notes.notes.length + notes.memos.length;
  return (
    <section className="notes-panel" aria-label="Memos">
      <div className="notes-toolbar">
        <input
          type="search"
          aria-label="Search memos"
          placeholder="Search memos"
          value={notes.query}
          onChange={(e) => notes.search(e.target.value)}
        />
        <button onClick={() => notes.write('journal')}>New journal entry</button>
        <button onClick={() => notes.write('memo')}>New memo</button>
      </div>
      <div className="notes-filter" role="radiogroup" aria-label="Show">
        {FILTERS.map(([value, label]) => (
          <button key={value} role="radio" aria-checked={notes.filter === value} onClick={() => notes.show(value)}>
            {label}
          </button>
        ))}
      </div>
      {notes.error && <p className="error">{visible(notes.error)}</p>}
      <p className="visually-hidden" role="status" aria-live="polite">
        {notes.status}
      </p>
      {notes.draft && <Editor />}
      {count ? (
        <ol className="notes">
          {notes.notes.map((n) => (
            <NoteItem key={n.id} note={n} />
          ))}
          {notes.memos.map((m) => (
            <MemoItem key={`${m.target}:${m.id}:${m.coder}`} memo={m} />
          ))}
        </ol>
      ) : (
        <p className="placeholder">
          {notes.query.trim()
            ? `No memo has “${notes.query.trim()}”.`
            : 'No memos yet. Write a journal entry for decisions, or a memo about documents and codes.'}
        </p>
      )}
    </section>
  );
});
