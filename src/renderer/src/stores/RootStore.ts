import { runInAction } from 'mobx';
import type { QuireClient } from '../../../shared/api.ts';
import type { RecordKind, ServerEvent } from '../../../shared/events.ts';
import { AgreementStore } from './AgreementStore.ts';
import { AnalysisStore } from './AnalysisStore.ts';
import { AttributeStore } from './AttributeStore.ts';
import { AutoCodeStore } from './AutoCodeStore.ts';
import { CoderViewStore } from './CoderViewStore.ts';
import { CodingStore } from './CodingStore.ts';
import { CompareStore } from './CompareStore.ts';
import { DocumentEditStore } from './DocumentEditStore.ts';
import { DocumentStore } from './DocumentStore.ts';
import { ExportStore } from './ExportStore.ts';
import { ImportStore } from './ImportStore.ts';
import { LibraryStore } from './LibraryStore.ts';
import { MergeStore } from './MergeStore.ts';
import { NotesStore } from './NotesStore.ts';
import { keepLayout } from './layout.ts';
import { PanesStore } from './PanesStore.ts';
import { SearchStore } from './SearchStore.ts';
import { AnalystStore } from './AnalystStore.ts';
import { CoOccurrenceStore } from './CoOccurrenceStore.ts';
import { StanceStore } from './StanceStore.ts';

export interface RootOptions {
  /** How long a keystroke waits before its search runs, in ms (0: at once; keystrokes during a search wait for it). */
  searchDelay?: number;
  /**
   * Resolves once the window has drawn its next frame: what follows a change
   * already on screen (the counts after a coding) waits for it, so as not to
   * hold that frame up. At once by default (the tests draw no frames).
   */
  nextFrame?: () => Promise<void>;
}

/** One per window (and per test): the domain and UI stores, sharing the API client. */
export class RootStore {
  readonly api: QuireClient;
  readonly documents: DocumentStore;
  readonly library: LibraryStore;
  readonly search: SearchStore;
  readonly panes: PanesStore;
  readonly imports: ImportStore;
  readonly merging: MergeStore;
  readonly coding: CodingStore;
  readonly coderView: CoderViewStore;
  readonly compare: CompareStore;
  readonly analysis: AnalysisStore;
  readonly stance: StanceStore;
  readonly coOccurrence: CoOccurrenceStore;
  /** The analyst's tabs: code queries, keyword in context, word frequencies. */
  readonly analyst: AnalystStore;
  readonly agreement: AgreementStore;
  readonly autoCode: AutoCodeStore;
  readonly exporting: ExportStore;
  readonly attributes: AttributeStore;
  readonly edits: DocumentEditStore;
  readonly notes: NotesStore;

  /** Resolves once the window has drawn its next frame (see RootOptions). */
  readonly nextFrame: () => Promise<void>;

  /** Stops hearing the engine's events. */
  readonly stop: () => void;

  constructor(api: QuireClient, options: RootOptions = {}) {
    this.api = api;
    this.nextFrame = options.nextFrame ?? (() => Promise.resolve());
    this.documents = new DocumentStore(api);
    this.library = new LibraryStore(api);
    this.search = new SearchStore(this, options.searchDelay ?? 0);
    this.panes = new PanesStore(this);
    this.imports = new ImportStore(this);
    this.merging = new MergeStore(this);
    this.coding = new CodingStore(this);
    this.coderView = new CoderViewStore(this);
    this.compare = new CompareStore(this);
    this.analysis = new AnalysisStore(this);
    this.stance = new StanceStore(this);
    this.coOccurrence = new CoOccurrenceStore(this);
    this.analyst = new AnalystStore(this);
    this.agreement = new AgreementStore(this);
    this.autoCode = new AutoCodeStore(this);
    this.exporting = new ExportStore(this);
    this.attributes = new AttributeStore(this);
    this.edits = new DocumentEditStore(this);
    this.notes = new NotesStore(this);
    this.stop = api.subscribe?.((event) => this.heard(event)) ?? (() => undefined);
  }

  /**
   * An event from the engine: the progress of this window's export or count of words, or records
   * changed by a call made elsewhere (the desktop menu's import or merge,
   * another tab). Changes this window made itself it has already reloaded for.
   */
  private heard(event: ServerEvent): void {
    if (event.type === 'progress') {
      if (event.work === 'export') this.exporting.heard(event);
      if (event.work === 'words') this.analyst.heardWords(event);
      return;
    }
    if (event.origin !== undefined && event.origin === this.api.origin) return;
    void this.changedElsewhere(event.kinds);
  }

  /** Reloads what shows the kinds of record changed elsewhere: documents or their attributes, every view of documents (the library's filter too); the rest, what shows codings. */
  private async changedElsewhere(kinds: readonly RecordKind[]): Promise<void> {
    if (kinds.includes('documents') || kinds.includes('attributes'))
      await Promise.all([this.documentsChanged(), this.attributes.open ? this.attributes.load() : null]);
    else await this.codingsChanged();
  }

  /** Saves the layout soon (scrolling, which is not observed); a no-op until the layout is kept. */
  saveLayout: () => void = () => {};

  /** Loads what the first screen shows, and the panes and panel as this project's last session left them. */
  async start(): Promise<void> {
    await Promise.all([
      this.library.reload(),
      this.coding.loadCodebook(),
      this.coding.loadCoder(),
      this.coderView.load(),
    ]);
    this.saveLayout = await keepLayout(this);
  }

  /**
   * Codings changed (coded, removed, settled, merged, undone…): reloads what
   * shows them, each once. See reload.
   */
  async codingsChanged(documentIds?: readonly number[]): Promise<void> {
    await this.reload(documentIds);
  }

  /**
   * Documents were added or removed behind the views' backs (an import undone
   * or redone, a text replaced and the replacement undone, details corrected):
   * empty the panes whose document is gone, and reload what shows documents
   * and their codings.
   */
  async documentsChanged(): Promise<void> {
    const open = this.panes.openDocuments;
    runInAction(() => {
      this.documents.clear();
      this.coding.byDocument.clear();
      this.coding.orphans.clear();
      this.coding.dismissNotice();
      this.imports.dismiss();
    });
    await Promise.all(open.map((id) => this.documents.load(id)));
    const kept = open.filter((id) => this.documents.get(id));
    runInAction(() => this.panes.keepOnly(kept));
    await this.reload(kept, { documents: true });
  }

  /** Another project was opened: forget everything from the old one and load the new one. */
  async reset(): Promise<void> {
    runInAction(() => {
      this.documents.clear();
      this.coding.byDocument.clear();
      this.coding.orphans.clear();
      // Their Undo names a step of the old project's log.
      this.coding.dismissNotice();
      this.autoCode.close();
      this.panes.reset();
    });
    await this.reload([], { documents: true });
  }

  /**
   * Blind coding began, or another coder took over blind: what the panels hold was read for someone who could see
   * more. The passages, tables and memos are dropped at once (each panel reads them again as the coder may see them);
   * the counts, which cannot be dropped from the codes and documents they belong to, stay hidden until they are read
   * again (CoderViewStore.hiding). The engine gives every read only what the coder may see; this keeps what was read
   * before from showing meanwhile, or for good should reading again fail.
   */
  forgetWhatWasRead(): void {
    this.analysis.forget();
    this.stance.forget();
    this.coOccurrence.forget();
    this.analyst.forget();
    this.notes.forget();
    this.agreement.forget();
    // A comparison running, or being chosen, listed other coders' passages: closed, and the chooser says why.
    const compared = this.compare.codeId;
    if (compared !== null) {
      this.compare.stop();
      runInAction(() => {
        this.compare.codeId = compared;
        this.compare.error =
          'The comparison was closed as blind coding began: it listed other coders’ passages. Choose the documents again to compare your own.';
      });
    }
  }

  /**
   * The one place that decides what reloads after a change: the codings of
   * `documentIds` (else of every document whose codings are loaded), the
   * codebook with its counts, the library's counts (with `documents`: its
   * rows and sources, and the search), the coder list, the views that load
   * their own data (revision), and then the analysis panel, which reads the
   * coder list.
   */
  private async reload(documentIds?: readonly number[], { documents = false } = {}): Promise<void> {
    const mark = this.coderView.hidingMark;
    runInAction(() => this.coding.revision++);
    const ids = documentIds ?? [...this.coding.byDocument.keys()];
    await Promise.all([
      documents ? this.library.reload() : this.library.refreshCounts(),
      documents ? this.search.run() : null,
      this.coding.loadCodebook(),
      this.coderView.load(),
      ...ids.map((id) => this.coding.loadCodings(id)),
    ]);
    await this.analysis.refresh();
    // Everything shown was read as the coder may see it now (what the panel shows, the counts): shown again.
    runInAction(() => this.coderView.readAgain(mark));
  }
}
