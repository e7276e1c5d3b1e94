import { makeAutoObservable, observable, observableRef, runInAction } from 'mobx';
import type { Code, Codebook, CodeGroup, Coding, CodingMark, ConflictChoice, MemoTarget } from '../../../shared/api.ts';
import { spansToUtf16, toUtf16Index } from '../../../shared/codepoints.ts';
import { clip, visible } from '../../../shared/text.ts';
import { codeTree, type Move, type TreeRow } from './codeTree.ts';
import type { RevealTarget } from './PanesStore.ts';
import type { RootStore } from './RootStore.ts';

/** Commands that add, remove or rewrite documents: undoing or redoing them reloads the library and the panes. */
const DOCUMENT_COMMANDS = [
  'importFiles',
  'importUploads',
  'replaceDocument',
  'cleanupDocuments',
  'updateDocument',
  'deleteDocuments',
  'importRefiQda',
  'mergeProject',
  'createSet',
  'updateSet',
  'deleteSet',
  'addToSet',
  'removeFromSet',
  'freezeSet',
];

/** One shared empty list, so a document without codings yet gives the same value on every render. */
const NONE: readonly never[] = Object.freeze([]);

/** A coding as the reader holds it: what the engine's listing for the reader carries, the same whichever way it came. */
function markOf({ id, documentId, codeId, coder, start, end, memo }: Coding): CodingMark {
  return { id, documentId, codeId, coder, start, end, memo };
}

/** What a coding in the reader did besides coding, or why it failed, in the engine's words; `entryId` is the step its Undo takes back. */
export interface CodingNotice {
  documentId: number;
  lines: string[];
  entryId: number | null;
  failed?: boolean;
  /** What the user can do about it besides undo (show a hidden code, ask again), as a button. */
  action?: { label: string; run: () => void };
  /** Said because the reader could not bring what was asked for into view: a later jump that succeeds puts it away. */
  reveal?: boolean;
}

/**
 * Said when a coding asked for is not among the codings a blind coder sees: the same words whether it was deleted or
 * is another coder's, so the notice never tells which (nor whose, nor with which code).
 */
export const NOT_YOURS_OR_GONE =
  'This coded passage is not among your codings in this document: it was removed, or it is not yours and stays hidden while you code blind.';

/** The codebook and the codings of open documents; coding, removing, undo and redo. */
export class CodingStore {
  private readonly root: RootStore;
  codebook: Codebook = { codes: [], groups: [] };
  /** Each open document's placed codings, as the reader marks the text: without their quotes (quoteOf reads them in the text). */
  readonly byDocument = observable.map<number, CodingMark[]>({}, { deep: false });
  /** Codings of open documents that a new version of the text left without a place, for the user to place or discard. */
  readonly orphans = observable.map<number, Coding[]>({}, { deep: false });
  /** Why the codings of a document could not be read (by document id), said in its pane above the text. */
  readonly loadErrors = observable.map<number, string>();
  /** The orphan the user is placing: their next selection in its document becomes its passage. */
  placing: Coding | null = null;
  error: string | null = null;
  /** What the last coding in the reader did besides coding (a stance value replaced), or why it failed, shown in the panes of its document. */
  notice: CodingNotice | null = null;
  /** What the last undo or redo did, to tell the user. */
  lastAction: string | null = null;
  /** What the last codebook change or placed orphan did besides the obvious (a value of an exclusive group replaced or cut back, the latest value kept), in the engine's words. */
  codebookNotice: string | null = null;
  /**
   * A change the engine refused because passages would hold two values of an
   * exclusive group by one coder: its words (which passages), and the same
   * change again keeping the latest value on each. The codes panel asks.
   */
  conflict: { message: string; keepLatest: () => Promise<void> } | null = null;
  /** Who is coding: new codings and memos carry this name. */
  coder = '';
  /** Codes the reader does not show (their passages, stripes and labels), as the user chose in the Codes tab; the reader says so. */
  hiddenCodes: number[] = [];
  /** Counts changes to codings (undo and redo too): views that load their own data (memos) reload when it changes. */
  revision = 0;
  /** What the last change to codings did, said to screen readers (the reader's live region). */
  announcement = '';

  constructor(root: RootStore) {
    this.root = root;
    // The codebook is replaced whole on every reload (its counts change with each coding), never changed in place:
    // a reference to the engine's answer, not a deep copy made observable each time.
    makeAutoObservable<CodingStore, 'root'>(this, {
      root: false,
      byDocument: false,
      orphans: false,
      loadErrors: false,
      codebook: observableRef,
    });
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

  /** Shows or hides a code's codings in the reader (only there: counts, analysis and exports keep them). */
  toggleHidden(codeId: number): void {
    this.hiddenCodes = this.hiddenCodes.includes(codeId)
      ? this.hiddenCodes.filter((id) => id !== codeId)
      : [...this.hiddenCodes, codeId];
  }

  showAllCodes(): void {
    this.hiddenCodes = [];
  }

  codingsOf(documentId: number): readonly CodingMark[] {
    return this.byDocument.get(documentId) ?? NONE;
  }

  /**
   * What a placed coding quotes: its document's text from start to end (code points), as the reader shows it
   * coded; null while that text is not loaded (the listing the reader reads carries no quotes).
   */
  quoteOf(coding: CodingMark): string | null {
    const text = this.root.documents.get(coding.documentId)?.body;
    return text === undefined ? null : text.slice(toUtf16Index(text, coding.start), toUtf16Index(text, coding.end));
  }

  /** What each placed coding of a document quotes (by id), read in its text in one pass; empty while the text is not loaded. */
  quotesOf(documentId: number): ReadonlyMap<number, string> {
    const text = this.root.documents.get(documentId)?.body;
    if (text === undefined) return new Map();
    const codings = this.codingsOf(documentId);
    const spans = spansToUtf16(
      text,
      codings.map((k) => [k.start, k.end]),
    );
    return new Map(codings.map((k, i) => [k.id, text.slice(...spans[i]!)]));
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
        const newCoder = session.name !== this.coder;
        this.coder = session.name;
        this.root.coderView.followEngine(session.blind, { readBefore: true, newCoder });
      });
      await this.root.codingsChanged();
    });
  }

  async loadCodebook(): Promise<void> {
    const codebook = await this.root.api.getCodebook({});
    runInAction(() => (this.codebook = codebook));
  }

  /**
   * Reads a document's codings and orphans. Failing, it keeps why for the
   * reader to say (it shows the text without codings only with that said),
   * and rejects as well, for the callers that report errors their own way.
   */
  async loadCodings(documentId: number): Promise<void> {
    try {
      // Both asked at once, the codings first: the engine answers in turn, so the text is drawn with its codings as
      // soon as they are here, and the orphans (listed above the text) follow without holding them up.
      const marks = this.root.api.listCodingMarks({ documentId });
      const orphans = this.root.api.listOrphans({ documentId });
      orphans.catch(() => undefined); // Said below, once the codings are read (or said with theirs when they fail).
      const codings = await marks;
      runInAction(() => {
        this.byDocument.set(documentId, codings);
        this.loadErrors.delete(documentId);
      });
      const placeless = await orphans;
      runInAction(() => this.orphans.set(documentId, placeless));
    } catch (e) {
      runInAction(() => this.loadErrors.set(documentId, (e as Error).message));
      throw e;
    }
  }

  /** Whether the reader can draw the document: its codings are read, or why they could not be is known. */
  codingsSettled(documentId: number): boolean {
    return this.byDocument.has(documentId) || this.loadErrors.has(documentId);
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
      this.tell((await this.root.api.placeOrphan({ id: orphan.id, start, end })).notes);
      await this.root.codingsChanged([orphan.documentId]);
    });
  }

  /**
   * Codes a passage (code points) with an existing code, or with a new one
   * named `newCodeName`. What the engine did besides (another value of an
   * exclusive group replaced) becomes the notice, with undo for that step.
   * `answered` runs once the engine has answered (stored the coding, or
   * refused it), right after the stored coding is in the store: what it
   * changes (the popover closed) is drawn in the same frame as the coding.
   * Resolves once the counts and views that follow codings are reloaded.
   */
  async apply(
    documentId: number,
    start: number,
    end: number,
    code: { id: number } | { newCodeName: string },
    answered: () => void = () => undefined,
  ): Promise<void> {
    this.notice = null;
    try {
      const codeId = 'id' in code ? code.id : (await this.root.api.createCode({ name: code.newCodeName })).id;
      if (!('id' in code)) await this.loadCodebook();
      const { coding: added, replaced, notes } = await this.root.api.applyCode({ documentId, codeId, start, end });
      this.announce(
        `Coded ‘${this.code(codeId)?.name ?? ''}’: “${clip(added.quote, 60)}”${notes.length ? ` ${notes.join(' ')}` : ''}`,
      );
      if (notes.length) {
        // Without the step's id the notice still says what happened, only without its own Undo.
        const entryId = await this.latestEntryId().catch(() => null);
        runInAction(() => (this.notice = { documentId, lines: notes, entryId }));
      }
      // A replaced coding may be gone or cut back: then the engine's list is the truth, not a patch of ours.
      // Otherwise the coding the engine stored shows at once, and counts and the analysis panel follow once it is
      // drawn: their requests would otherwise be sent, and their answers taken in, before the frame that shows it.
      if (!replaced.length) {
        runInAction(() => {
          const kept = this.codingsOf(documentId).filter((c) => c.id !== added.id);
          this.byDocument.set(
            documentId,
            [...kept, markOf(added)].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id),
          );
        });
        answered();
        await this.root.nextFrame();
      } else answered();
      await this.root
        .codingsChanged(replaced.length ? [documentId] : [])
        .catch((e: Error) => runInAction(() => (this.error = e.message)));
    } catch (e) {
      // Said where the user coded, not only in the codes panel.
      runInAction(() => (this.notice = { documentId, lines: [(e as Error).message], entryId: null, failed: true }));
      answered();
    }
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Undoes the step the notice is about; the notice then says what was undone. */
  async undoNotice(): Promise<void> {
    const notice = this.notice;
    if (!notice?.entryId) return;
    const done = await this.undoStep(notice.entryId);
    runInAction(
      () =>
        (this.notice = done
          ? { documentId: notice.documentId, lines: [done], entryId: null }
          : { ...notice, lines: [this.error ?? ''], entryId: null, failed: true }),
    );
  }

  /** The change undo would take back now (the newest not undone); null when there is none. */
  async latestEntryId(): Promise<number | null> {
    const entries = await this.root.api.history({ limit: 100 });
    return entries.find((e) => !e.undone)?.id ?? null;
  }

  /**
   * Undoes the change `entryId` when it is still the latest (a notice's Undo
   * must not take back something else done since); returns what was undone,
   * or null with the reason in `error`.
   */
  async undoStep(entryId: number): Promise<string | null> {
    let latest: number | null;
    try {
      latest = await this.latestEntryId();
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
      return null;
    }
    if (latest !== entryId) {
      runInAction(
        () =>
          (this.error = 'Other changes were made after this one: undo them first (Undo in the top bar, or Ctrl+Z).'),
      );
      return null;
    }
    await this.step('undo');
    return this.error ? null : this.lastAction;
  }

  async remove(coding: CodingMark): Promise<void> {
    await this.guard(async () => {
      const quote = this.quoteOf(coding);
      await this.root.api.removeCoding({ id: coding.id });
      this.announce(
        `Removed ‘${this.code(coding.codeId)?.name ?? ''}’${quote === null ? '' : ` from “${clip(quote, 60)}”`}. Ctrl+Z undoes it.`,
      );
      await this.root.codingsChanged([coding.documentId]);
    });
  }

  // -- Editing codings (reader) ------------------------------------------------

  /** Moves an edge of the coder's coding a word wider or narrower, or to the word nearest `to` (a dropped handle). */
  async resize(
    coding: CodingMark,
    edge: 'start' | 'end',
    move: { step: 'wider' | 'narrower' } | { to: number },
  ): Promise<Coding | null> {
    return this.edit(
      coding.documentId,
      async () => (await this.root.api.resizeCoding({ id: coding.id, edge, ...move })).coding,
      (k) => `‘${this.code(k.codeId)?.name ?? ''}’ now: “${clip(k.quote, 60)}”`,
    );
  }

  /** Gives the coder's coding another code. */
  async recode(coding: CodingMark, codeId: number): Promise<Coding | null> {
    return this.edit(
      coding.documentId,
      async () => (await this.root.api.recodeCoding({ id: coding.id, codeId })).coding,
      (k) => `Changed to ‘${this.code(k.codeId)?.name ?? ''}’: “${clip(k.quote, 60)}”`,
    );
  }

  /** Splits the coder's coding in two at the word nearest `at` (code points). */
  async split(coding: CodingMark, at: number): Promise<Coding | null> {
    return this.edit(
      coding.documentId,
      async () => (await this.root.api.splitCoding({ id: coding.id, at })).codings[0]!,
      (k) => `Split ‘${this.code(k.codeId)?.name ?? ''}’ in two after “${clip(k.quote, 60)}”`,
    );
  }

  /** Merges two of the coder's codings of one code. */
  async mergeWith(a: CodingMark, b: CodingMark): Promise<Coding | null> {
    return this.edit(
      a.documentId,
      async () => (await this.root.api.mergeCodings({ ids: [a.id, b.id] })).coding,
      (k) => `Merged into one ‘${this.code(k.codeId)?.name ?? ''}’: “${clip(k.quote, 60)}”`,
    );
  }

  /** The codings of the coder's own that could merge with `coding`: the same code, touching or overlapping it (the engine decides). */
  mergeable(coding: CodingMark): CodingMark[] {
    return this.codingsOf(coding.documentId).filter(
      (k) =>
        k.id !== coding.id &&
        k.codeId === coding.codeId &&
        k.coder === coding.coder &&
        k.start <= coding.end + 3 &&
        coding.start <= k.end + 3,
    );
  }

  /** An edit of a coding: said to screen readers when done; a refusal is the notice in the pane, in the engine's words. */
  private async edit(
    documentId: number,
    change: () => Promise<Coding>,
    said: (k: Coding) => string,
  ): Promise<Coding | null> {
    this.notice = null;
    try {
      const k = await change();
      this.announce(said(k));
      await this.root.codingsChanged([documentId]);
      return k;
    } catch (e) {
      runInAction(() => (this.notice = { documentId, lines: [(e as Error).message], entryId: null, failed: true }));
      this.announce((e as Error).message);
      return null;
    }
  }

  /**
   * Why coding `id` is not among the codings the reader draws in a document, in the user's words, with what to do about
   * it; null when the reader draws it. Read from what the store holds (the document's codings and orphans as the engine
   * gave them to this viewer, the codes hidden in the reader, whose codings the reader shows).
   */
  whyNotDrawn(documentId: number, id: number): Pick<CodingNotice, 'lines' | 'action'> | null {
    const view = this.root.coderView;
    const k = this.codingsOf(documentId).find((c) => c.id === id);
    if (!k) {
      if (this.orphansOf(documentId).some((o) => o.id === id))
        return {
          lines: [
            'This coded passage lost its place when the document’s text was replaced: it is listed above the text, to place again or discard.',
          ],
        };
      // Blind, the engine gives the reader only the coder's own codings: one that is not there may be another coder's.
      if (view.view.mode === 'mine') return { lines: [NOT_YOURS_OR_GONE] };
      return {
        lines: [
          'This coded passage is no longer in this document: it was removed after it was listed (deleted, undone, or dropped when the text was replaced).',
        ],
      };
    }
    if (!view.filter([k]).length) {
      if (view.view.mode === 'mine') return { lines: [NOT_YOURS_OR_GONE] };
      return {
        lines: [`This passage is coded by ${visible(k.coder)}, whose codings the reader does not show now.`],
        action: {
          label: 'Show all coders',
          run: () =>
            void view.setView({ mode: 'all' }).then(() => this.root.panes.askAgain(documentId, { coding: id })),
        },
      };
    }
    if (this.hiddenCodes.includes(k.codeId)) {
      const name = visible(this.code(k.codeId)?.name ?? '');
      return {
        lines: [`This passage is coded with ‘${name}’, which is hidden in the reader: show the code to see it.`],
        action: {
          label: `Show ‘${name}’`,
          run: () => {
            if (this.hiddenCodes.includes(k.codeId)) this.toggleHidden(k.codeId);
            this.root.panes.askAgain(documentId, { coding: id });
          },
        },
      };
    }
    return null;
  }

  /**
   * The reader did not find coding `id` among those it draws in a document: its codings are read again (what asked for
   * it may have been listed after the reader last read them) and, when the coding is still not drawn, the pane says why
   * (whyNotDrawn). True when said; false when the reader draws it after all (it comes into view as the codings are
   * drawn again), or when `current` says the reader was asked for something else meanwhile.
   */
  async missing(documentId: number, id: number, current: () => boolean = () => true): Promise<boolean> {
    let why: Pick<CodingNotice, 'lines' | 'action'> | null;
    try {
      await this.loadCodings(documentId);
      why = this.whyNotDrawn(documentId, id);
    } catch (e) {
      why = {
        lines: [
          `This coded passage cannot be shown: the codings of this document could not be read. ${(e as Error).message}`,
        ],
      };
    }
    if (!why || !current()) return false;
    runInAction(() => (this.notice = { documentId, entryId: null, reveal: true, ...why }));
    this.announce(why.lines.join(' '));
    return true;
  }

  /**
   * The reader drew no line for what it was asked to bring into view, in the time it waits, or (`past the end`) what
   * was asked for lies past the end of the text it shows: said in the pane, with a way to ask again.
   */
  notInView(documentId: number, target: RevealTarget, why: 'in time' | 'past the end' = 'in time'): void {
    const what = 'hit' in target ? 'This search hit' : 'This coded passage';
    const lines = [
      why === 'in time'
        ? `${what} could not be brought into view: the reader did not draw its line in time.`
        : `${what} cannot be shown: it lies past the end of the text shown here. Run the search again to find its hits in this text.`,
    ];
    this.notice = {
      documentId,
      entryId: null,
      reveal: true,
      lines,
      action:
        why === 'in time' ? { label: 'Try again', run: () => this.root.panes.askAgain(documentId, target) } : undefined,
    };
    this.announce(lines[0]!);
  }

  /** What was asked for came into view: a notice that said it could not is put away. */
  revealed(documentId: number): void {
    if (this.notice?.reveal && this.notice.documentId === documentId) this.notice = null;
  }

  announce(text: string): void {
    // Said in the same drawing as what it tells of (new words in the region are read out). The same words twice are
    // still said: the region is emptied first, and they come back a moment later.
    if (text !== this.announcement) {
      runInAction(() => (this.announcement = text));
      return;
    }
    runInAction(() => (this.announcement = ''));
    setTimeout(() => runInAction(() => (this.announcement = text)), 30);
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

  /** Changes a group; making it exclusive, or giving an exclusive group codes, may meet passages holding two of its values: then `conflict` asks. */
  async updateGroup(
    id: number,
    patch: { name?: string; exclusive?: boolean; description?: string; codeIds?: number[] },
  ): Promise<void> {
    await this.resolvable((conflicts) => this.root.api.updateCodeGroup({ id, ...patch, conflicts }), 'codebook');
  }

  /** Puts a code into a group, or takes it out. */
  async setMember(groupId: number, codeId: number, member: boolean): Promise<void> {
    const group = this.group(groupId);
    if (!group || group.codeIds.includes(codeId) === member) return;
    await this.updateGroup(groupId, {
      codeIds: member ? [...group.codeIds, codeId] : group.codeIds.filter((id) => id !== codeId),
    });
  }

  async deleteGroup(id: number): Promise<void> {
    await this.changeCodebook(() => this.root.api.deleteCodeGroup({ id }));
  }

  /** Merges `sourceId` into `targetId`: its codings, children and memo move; it is deleted. Undoable. Passages that would hold two values of an exclusive group: `conflict` asks. */
  async merge(sourceId: number, targetId: number): Promise<void> {
    await this.resolvable((conflicts) => this.root.api.mergeCodes({ sourceId, targetId, conflicts }), 'codings');
  }

  /** Leaves the change `conflict` asked about undone. */
  cancelConflict(): void {
    this.conflict = null;
  }

  /**
   * Runs a change the engine may refuse for the rule of exclusive groups: the
   * refusal (which lists the passages) becomes `conflict`, whose keepLatest
   * runs the change again keeping the latest value on each passage (which
   * changes codings: then everything shown reloads, else what `changes`).
   */
  private async resolvable(
    change: (conflicts?: ConflictChoice) => Promise<{ notes: string[] }>,
    changes: 'codebook' | 'codings',
  ): Promise<void> {
    const run = async (conflicts?: ConflictChoice) => {
      const { notes } = await change(conflicts);
      this.tell(notes);
      await (changes === 'codings' || notes.length ? this.root.codingsChanged() : this.loadCodebook());
    };
    await this.guard(async () => {
      try {
        await run();
      } catch (e) {
        if ((e as { code?: string }).code !== 'exclusive_conflict') throw e;
        const message = (e as Error).message;
        runInAction(() => {
          this.conflict = {
            message,
            keepLatest: () =>
              this.guard(async () => {
                runInAction(() => (this.conflict = null));
                await run('keep-latest');
              }),
          };
        });
      }
    });
  }

  /** Says what the latest change did besides the obvious; a change that says nothing clears what an earlier one said. */
  private tell(notes: readonly string[]): void {
    runInAction(() => (this.codebookNotice = notes.length ? notes.join(' ') : null));
  }

  dismissCodebookNotice(): void {
    this.codebookNotice = null;
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
    this.notice = null;
    this.codebookNotice = null;
    await this.guard(async () => {
      const entry = which === 'undo' ? (await this.root.api.undo({})).undone : (await this.root.api.redo({})).redone;
      runInAction(() => {
        this.lastAction = entry
          ? `${which === 'undo' ? 'Undone' : 'Redone'}: ${entry.description}`
          : `Nothing to ${which}.`;
        this.notice = null;
      });
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
