import { makeAutoObservable, observable, runInAction } from 'mobx';
import type { Code, Codebook, CodeGroup, Coding, MemoTarget } from '../../../shared/api.ts';
import { codeTree, type Move, type TreeRow } from './codeTree.ts';
import type { RootStore } from './RootStore.ts';

/** Commands that add, remove or rewrite documents: undoing or redoing them reloads the library and the panes. */
const DOCUMENT_COMMANDS = ['importFiles', 'importUploads', 'replaceDocument', 'cleanupDocuments', 'updateDocument', 'deleteDocuments', 'importRefiQda', 'mergeProject'];

/** One shared empty list, so a document without codings yet gives the same value on every render. */
const NONE: readonly Coding[] = Object.freeze([]);

/** The codebook and the codings of open documents; coding, removing, undo and redo. */
export class CodingStore {
  private readonly root: RootStore;
  codebook: Codebook = { codes: [], groups: [] };
  readonly byDocument = observable.map<number, Coding[]>({}, { deep: false });
  /** Codings of open documents that a new version of the text left without a place, for the user to place or discard. */
  readonly orphans = observable.map<number, Coding[]>({}, { deep: false });
  /** The orphan the user is placing: their next selection in its document becomes its passage. */
  placing: Coding | null = null;
  /** Codes used most recently first, for the coding popover. */
  recent: number[] = [];
  error: string | null = null;
  /** What the last undo or redo did, to tell the user. */
  lastAction: string | null = null;
  /** Who is coding: new codings and memos carry this name. */
  coder = '';
  /** Counts changes to codings (undo and redo too): views that load their own data (memos) reload when it changes. */
  revision = 0;

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<CodingStore, 'root'>(this, { root: false, byDocument: false, orphans: false });
  }

  get codes(): Code[] {
    return this.codebook.codes;
  }

  code(id: number): Code | undefined {
    return this.codebook.codes.find((c) => c.id === id);
  }

  /** The codes in tree order with their depth, as the codes panel lists them. */
  get tree(): TreeRow[] {
    return codeTree(this.codebook.codes);
  }

  group(id: number): CodeGroup | undefined {
    return this.codebook.groups.find((g) => g.id === id);
  }

  /** Codes for the popover: matching `filter` (any part of the name), recent ones first. */
  suggestions(filter: string): Code[] {
    const f = filter.trim().toLowerCase();
    const matching = this.codes.filter((c) => !f || c.name.toLowerCase().includes(f));
    const rank = (c: Code) => {
      const r = this.recent.indexOf(c.id);
      return r < 0 ? this.recent.length + this.codes.indexOf(c) : r;
    };
    return [...matching].sort((a, b) => rank(a) - rank(b));
  }

  codingsOf(documentId: number): readonly Coding[] {
    return this.byDocument.get(documentId) ?? NONE;
  }

  /** The coder's name, as the engine keeps it (a stored preference, else the OS user), and whether they code blind. */
  async loadCoder(): Promise<void> {
    const session = await this.root.api.getCoder({});
    runInAction(() => {
      this.coder = session.name;
      this.root.coderView.followEngine(session.blind);
    });
  }

  /**
   * Names the coder: new codings and memos carry the name, and the engine
   * remembers it for the next start. The project remembers whether this coder
   * codes blind, and everything shown is read again as they may see it.
   */
  async setCoder(name: string): Promise<void> {
    await this.guard(async () => {
      const session = await this.root.api.setCoder({ name });
      runInAction(() => {
        this.coder = session.name;
        this.root.coderView.followEngine(session.blind);
      });
      await this.root.codingsChanged();
    });
  }

  async loadCodebook(): Promise<void> {
    const codebook = await this.root.api.getCodebook({});
    runInAction(() => (this.codebook = codebook));
  }

  async loadCodings(documentId: number): Promise<void> {
    const [codings, orphans] = await Promise.all([this.root.api.listCodings({ documentId }), this.root.api.listOrphans({ documentId })]);
    runInAction(() => {
      this.byDocument.set(documentId, codings);
      this.orphans.set(documentId, orphans);
    });
  }

  orphansOf(documentId: number): readonly Coding[] {
    return this.orphans.get(documentId) ?? NONE;
  }

  startPlacing(orphan: Coding | null): void {
    this.placing = orphan;
  }

  /** Gives the orphan being placed the passage the user selected. */
  async place(start: number, end: number): Promise<void> {
    const orphan = this.placing;
    if (!orphan) return;
    this.placing = null;
    await this.guard(async () => {
      await this.root.api.placeOrphan({ id: orphan.id, start, end });
      await this.root.codingsChanged([orphan.documentId]);
    });
  }

  /** Codes a passage (code points) with an existing code, or with a new one named `newCodeName`. */
  async apply(documentId: number, start: number, end: number, code: { id: number } | { newCodeName: string }): Promise<void> {
    await this.guard(async () => {
      const codeId = 'id' in code ? code.id : (await this.root.api.createCode({ name: code.newCodeName })).id;
      if (!('id' in code)) await this.loadCodebook();
      const { coding: added, replaced } = await this.root.api.applyCode({ documentId, codeId, start, end });
      // The command says what changed: show it now; counts and the analysis panel follow.
      runInAction(() => {
        const kept = this.codingsOf(documentId).filter((c) => c.id !== added.id && !replaced.includes(c.id));
        this.byDocument.set(documentId, [...kept, added].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id));
        this.recent = [codeId, ...this.recent.filter((id) => id !== codeId)].slice(0, 9);
      });
      void this.root.codingsChanged([]).catch((e: Error) => runInAction(() => (this.error = e.message)));
    });
  }

  async remove(coding: Coding): Promise<void> {
    await this.guard(async () => {
      await this.root.api.removeCoding({ id: coding.id });
      await this.root.codingsChanged([coding.documentId]);
    });
  }

  async createCode(name: string): Promise<void> {
    await this.guard(async () => {
      await this.root.api.createCode({ name });
      await this.loadCodebook();
    });
  }

  /** Changes a code's name, colour or description. */
  async updateCode(id: number, patch: { name?: string; colour?: string; description?: string }): Promise<void> {
    await this.changeCodebook(() => this.root.api.updateCode({ id, ...patch }));
  }

  async rename(id: number, name: string): Promise<void> {
    await this.updateCode(id, { name });
  }

  /** Reorders or nests a code (a drag in the codes panel, or Alt+arrows). */
  async move(id: number, move: Move): Promise<void> {
    await this.changeCodebook(() => this.root.api.moveCode({ id, ...move }));
  }

  async createGroup(name: string): Promise<void> {
    await this.changeCodebook(() => this.root.api.createCodeGroup({ name }));
  }

  async updateGroup(id: number, patch: { name?: string; exclusive?: boolean; description?: string; codeIds?: number[] }): Promise<void> {
    await this.changeCodebook(() => this.root.api.updateCodeGroup({ id, ...patch }));
  }

  /** Puts a code into a group, or takes it out. */
  async setMember(groupId: number, codeId: number, member: boolean): Promise<void> {
    const group = this.group(groupId);
    if (!group || group.codeIds.includes(codeId) === member) return;
    await this.updateGroup(groupId, { codeIds: member ? [...group.codeIds, codeId] : group.codeIds.filter((id) => id !== codeId) });
  }

  async deleteGroup(id: number): Promise<void> {
    await this.changeCodebook(() => this.root.api.deleteCodeGroup({ id }));
  }

  /** Merges `sourceId` into `targetId`: its codings, children and memo move; it is deleted. Undoable. */
  async merge(sourceId: number, targetId: number): Promise<void> {
    await this.guard(async () => {
      await this.root.api.mergeCodes({ sourceId, targetId });
      await this.root.codingsChanged();
    });
  }

  async deleteCode(id: number): Promise<void> {
    await this.guard(async () => {
      await this.root.api.deleteCode({ id });
      await this.root.codingsChanged();
    });
  }

  async undo(): Promise<void> {
    await this.step('undo');
  }

  async redo(): Promise<void> {
    await this.step('redo');
  }

  /** Undoes or redoes the latest command and reloads what it may have changed (documents too, for an import or a deletion). */
  private async step(which: 'undo' | 'redo'): Promise<void> {
    // Ctrl+Z in a read-only project: said where undo reports, not sent to be refused.
    if (this.root.library.readOnly) {
      this.lastAction = `Nothing to ${which}: the project is read-only.`;
      return;
    }
    await this.guard(async () => {
      const entry = which === 'undo' ? (await this.root.api.undo({})).undone : (await this.root.api.redo({})).redone;
      runInAction(() => (this.lastAction = entry ? `${which === 'undo' ? 'Undone' : 'Redone'}: ${entry.description}` : `Nothing to ${which}.`));
      // Anything may have changed: every open document's codings, and for these commands the documents too.
      if (entry && DOCUMENT_COMMANDS.includes(entry.command)) await this.root.documentsChanged();
      else await this.root.codingsChanged();
    });
  }

  /** Writes (or, with empty text, removes) the memo of a coding, document or code; `documentId` names the document whose codings show it. */
  async setMemo(target: MemoTarget, id: number, text: string, documentId?: number): Promise<void> {
    await this.guard(async () => {
      await this.root.api.setMemo({ target, id, text });
      await Promise.all([documentId === undefined ? null : this.loadCodings(documentId), this.root.analysis.refresh()]);
    });
  }

  /** A change to the codebook alone: the codings stay as they are. */
  private async changeCodebook(change: () => Promise<unknown>): Promise<void> {
    await this.guard(async () => {
      await change();
      await this.loadCodebook();
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
      runInAction(() => (this.error = null));
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    }
  }
}
