import { makeAutoObservable, runInAction } from 'mobx';
import type { ExportChoices, ExportFormat, ExportProgress, MethodInput } from '../../../shared/api.ts';
import type { ServerEvent } from '../../../shared/events.ts';
import { fromBase64 } from '../files.ts';
import { fileSize } from '../../../shared/text.ts';
import type { RootStore } from './RootStore.ts';

export type DocumentScope = 'all' | 'search' | 'open' | 'chosen';

/** The formats offered, in the order of the dialog; `report` ones take the report's parts and paper. */
export const FORMATS: { format: ExportFormat; label: string; report: boolean }[] = [
  { format: 'pdf', label: 'PDF report', report: true },
  { format: 'html', label: 'HTML report', report: true },
  { format: 'docx', label: 'Word report (.docx)', report: true },
  { format: 'md', label: 'Markdown report', report: true },
  { format: 'csv', label: 'Coded segments (.csv)', report: false },
  { format: 'qdpx', label: 'REFI-QDA project (.qdpx)', report: false },
  { format: 'qdc', label: 'REFI-QDA codebook (.qdc)', report: false },
  { format: 'ris', label: 'References to cite (.ris)', report: false },
  { format: 'csl-json', label: 'References to cite (CSL-JSON)', report: false },
  { format: 'attributes-csv', label: 'Document attributes (.csv)', report: false },
];

export type Include = ExportChoices['include'];

/**
 * The export dialog: what to export (format, documents, codes, parts of the
 * report), a preview of the report, and the export itself with its progress,
 * cancel, and the file handed to the user to save.
 */
export class ExportStore {
  private readonly root: RootStore;
  open = false;
  format: ExportFormat = 'pdf';
  scope: DocumentScope = 'all';
  chosenDocuments: number[] = [];
  allCodes = true;
  /** Only the documents of this document set (among those the scope chooses). */
  setId: number | null = null;
  chosenCodes: number[] = [];
  include: Include = {
    text: true,
    memos: true,
    matrix: true,
    quotes: true,
    codebook: true,
    agreement: false,
    stance: false,
    cooccurrence: false,
  };
  title = '';
  paper: 'A4' | 'Letter' = 'A4';
  /** The report as HTML for the preview, once asked for. */
  preview: string | null = null;
  busy = false;
  /** The user clicked Cancel during this export: what the engine finished after all is not saved. */
  cancelled = false;
  progress: ExportProgress | null = null;
  error: string | null = null;
  /** What the last export did, to tell the user. */
  done: string | null = null;
  notes: string[] = [];

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<ExportStore, 'root'>(this, { root: false });
  }

  /** The engine's word on how far the export has got (one export runs at a time: while this dialog exports, it is this one). */
  heard(event: Extract<ServerEvent, { type: 'progress' }>): void {
    if (this.busy) this.progress = { running: true, done: event.done, total: event.total, current: event.current };
  }

  show(): void {
    this.open = true;
    this.error = null;
    this.done = null;
    // Exporting what one is looking at is the common case: the search results, when there is a search that found some.
    if (this.scope === 'all' && this.searchFound) this.scope = 'search';
    // A choice that no longer exists (the search was cleared, the reader closed) is not kept.
    if (
      (this.scope === 'search' && !this.searchFound) ||
      (this.scope === 'open' && !this.root.panes.openDocuments.length)
    )
      this.scope = 'all';
  }

  /** The search whose results can be exported: one that is on now and found something; null otherwise. */
  get searchFound(): { query: string; total: number; estimated: boolean } | null {
    const { result, resultQuery, active } = this.root.search;
    // A quick first look's total is an estimate (the export itself takes every document the query finds).
    return active && result && result.total > 0 && resultQuery.trim()
      ? { query: resultQuery.trim(), total: result.total, estimated: Boolean(result.quick) }
      : null;
  }

  close(): void {
    if (this.busy) return;
    this.open = false;
    this.preview = null;
  }

  set(patch: Partial<Pick<ExportStore, 'format' | 'scope' | 'allCodes' | 'title' | 'paper' | 'setId'>>): void {
    Object.assign(this, patch);
    this.preview = null;
  }

  setInclude(part: keyof Include, on: boolean): void {
    this.include = { ...this.include, [part]: on };
    this.preview = null;
  }

  toggleDocument(id: number): void {
    this.chosenDocuments = this.chosenDocuments.includes(id)
      ? this.chosenDocuments.filter((d) => d !== id)
      : [...this.chosenDocuments, id];
    this.preview = null;
  }

  toggleCode(id: number): void {
    this.chosenCodes = this.chosenCodes.includes(id)
      ? this.chosenCodes.filter((c) => c !== id)
      : [...this.chosenCodes, id];
    this.preview = null;
  }

  get isReport(): boolean {
    return FORMATS.find((f) => f.format === this.format)?.report ?? false;
  }

  /** What stops an export, in words; null when it can go. */
  get problem(): string | null {
    if (this.scope === 'search' && !this.searchFound)
      return 'There is no search that found documents: type one, or choose other documents.';
    if (this.scope === 'open' && !this.root.panes.openDocuments.length) return 'No document is open in the reader.';
    if (this.scope === 'chosen' && !this.chosenDocuments.length) return 'Tick the documents to export.';
    if (!this.allCodes && !this.chosenCodes.length) return 'Tick the codes to export.';
    return null;
  }

  private get choices(): MethodInput<'previewReport'> {
    const search = this.root.search;
    return {
      documentIds:
        this.scope === 'open'
          ? this.root.panes.openDocuments
          : this.scope === 'chosen'
            ? this.chosenDocuments
            : undefined,
      setId: this.setId ?? undefined,
      query: this.scope === 'search' ? search.resultQuery : undefined,
      variants: this.scope === 'search' ? search.variants : undefined,
      codeIds: this.allCodes ? undefined : this.chosenCodes,
      title: this.title.trim() || undefined,
      include: this.include,
      paper: this.paper,
      // The coders and unit chosen in the Agreement tab, else the engine's default (the two with the most codings).
      agreement: this.include.agreement ? this.root.agreement.exportChoice : undefined,
      // The group, rows and shares chosen in the Stances tab (else every stance group, by document), and the co-occurrence tab's scope.
      stance: this.include.stance
        ? {
            groupIds: this.root.stance.groupId === null ? undefined : [this.root.stance.groupId],
            by: this.root.stance.by,
            base: this.root.stance.base,
          }
        : undefined,
      cooccurrence: this.include.cooccurrence ? { scope: this.root.coOccurrence.scope } : undefined,
    };
  }

  async showPreview(): Promise<void> {
    if (this.problem) return;
    try {
      const { html } = await this.root.api.previewReport(this.choices);
      runInAction(() => {
        this.preview = html;
        this.error = null;
      });
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    }
  }

  /** Exports (the engine's progress events show meanwhile), then hands the file to `save`. */
  async run(save: (name: string, bytes: Uint8Array, format: ExportFormat) => void): Promise<void> {
    if (this.busy || this.problem) return;
    this.busy = true;
    this.cancelled = false;
    this.error = null;
    this.done = null;
    this.notes = [];
    try {
      const result = await this.root.api.exportFile({ ...this.choices, format: this.format });
      // The export may finish before the engine hears the Cancel: the user's word stands, and the file is dropped.
      if (this.cancelled) {
        runInAction(() => (this.done = 'Cancelled: nothing was saved.'));
        return;
      }
      save(result.name, fromBase64(result.base64 ?? ''), result.format);
      runInAction(() => {
        this.done = `Exported ${result.name} (${fileSize(result.bytes)}).`;
        this.notes = result.notes;
      });
    } catch (e) {
      const error = e as Error & { code?: string };
      runInAction(() =>
        error.code === 'cancelled' ? (this.done = 'Cancelled: nothing was saved.') : (this.error = error.message),
      );
    } finally {
      runInAction(() => {
        this.busy = false;
        this.progress = null;
      });
    }
  }

  async cancel(): Promise<void> {
    if (!this.busy) return;
    this.cancelled = true;
    await this.root.api.cancelExport({});
  }
}
