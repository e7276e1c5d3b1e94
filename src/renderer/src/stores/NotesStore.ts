import { makeAutoObservable, runInAction } from 'mobx';
import type { LinkInput, Note, NoteKind, NotesList, TargetMemo } from '../../../shared/api.ts';
import { Latest } from './latest.ts';
import type { RootStore } from './RootStore.ts';

/** Which memos the list shows: all of them, the journal, free memos, or the memos on documents, codes and passages. */
export type NotesFilter = 'all' | 'journal' | 'memo' | 'on';

/** A note being written or edited: a new one has no id. */
export interface NoteDraft {
  id: number | null;
  kind: NoteKind;
  title: string;
  text: string;
  /** What it is about, each with the name the editor shows for it. */
  links: (LinkInput & { label: string })[];
}

/** The Memos tab: the journal, free memos and the memos on documents, codes and passages, in one searchable list. */
export class NotesStore {
  private readonly root: RootStore;
  list: NotesList = { notes: [], memos: [] };
  query = '';
  filter: NotesFilter = 'all';
  draft: NoteDraft | null = null;
  error: string | null = null;
  /** Said after a change, for the screen reader and the eye ("Memo deleted. Undo with Ctrl+Z."). */
  status = '';
  private readonly latest = new Latest();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<NotesStore, 'root' | 'latest'>(this, { root: false, latest: false });
  }

  get notes(): Note[] {
    if (this.filter === 'on') return [];
    return this.filter === 'all' ? this.list.notes : this.list.notes.filter((n) => n.kind === this.filter);
  }

  get memos(): TargetMemo[] {
    return this.filter === 'all' || this.filter === 'on' ? this.list.memos : [];
  }

  load(): Promise<void> {
    return this.latest.load(
      () => this.root.api.listNotes({ query: this.query.trim() || undefined }),
      (list) => {
        this.list = list;
        this.error = null;
      },
      (message) => (this.error = message),
    );
  }

  search(query: string): void {
    this.query = query;
    void this.load();
  }

  show(filter: NotesFilter): void {
    this.filter = filter;
  }

  /** Starts a new entry or memo, linked to the document open in the focused pane. */
  write(kind: NoteKind): void {
    const pane = this.root.panes.focusedPane;
    const open = pane.documentId;
    const title = (open !== null && this.root.documents.get(open)?.displayTitle) || 'the open document';
    this.draft = {
      id: null,
      kind,
      title: '',
      text: '',
      links: kind === 'memo' && open !== null ? [{ type: 'document', id: open, label: title }] : [],
    };
  }

  edit(note: Note): void {
    this.draft = {
      id: note.id,
      kind: note.kind,
      title: note.title,
      text: note.text,
      links: note.links.flatMap((l) => (l.id === null ? [] : [{ type: l.type, id: l.id, label: l.label }])),
    };
  }

  change(patch: Partial<Omit<NoteDraft, 'id' | 'kind'>>): void {
    if (this.draft) Object.assign(this.draft, patch);
  }

  toggleLink(link: LinkInput & { label: string }): void {
    if (!this.draft) return;
    const has = this.draft.links.some((l) => l.type === link.type && l.id === link.id);
    this.draft.links = has
      ? this.draft.links.filter((l) => !(l.type === link.type && l.id === link.id))
      : [...this.draft.links, link];
  }

  cancel(): void {
    this.draft = null;
  }

  async save(): Promise<void> {
    const draft = this.draft;
    if (!draft) return;
    try {
      const input = { title: draft.title, text: draft.text, links: draft.links.map(({ type, id }) => ({ type, id })) };
      const saved =
        draft.id === null
          ? await this.root.api.createNote({ kind: draft.kind, ...input })
          : await this.root.api.updateNote({ id: draft.id, ...input });
      runInAction(() => {
        this.draft = null;
        this.error = null;
        this.status = `${saved.kind === 'journal' ? 'Journal entry' : 'Memo'} “${saved.title}” saved.`;
      });
      await this.load();
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    }
  }

  async remove(note: Note): Promise<void> {
    try {
      const { deleted } = await this.root.api.deleteNote({ id: note.id });
      runInAction(() => (this.status = `“${deleted}” deleted. Undo brings it back (Ctrl+Z).`));
      await this.load();
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    }
  }

  /** Opens what a link or memo is about: a document, or the passage in its document; a code shows its passages. */
  open(target: { type: 'document' | 'code' | 'coding'; id: number | null; documentId: number | null }): void {
    if (target.id === null) return;
    if (target.type === 'coding' && target.documentId !== null)
      this.root.analysis.openCoding(target.documentId, target.id);
    else if (target.type === 'document') this.root.panes.open(target.id);
    else if (target.type === 'code') {
      this.root.analysis.codeIds = [target.id];
      this.root.analysis.show('segments');
    }
  }

  /** Drops the memos and notes read before (blind coding began: RootStore.forgetWhatWasRead). */
  forget(): void {
    this.list = { notes: [], memos: [] };
  }
}
