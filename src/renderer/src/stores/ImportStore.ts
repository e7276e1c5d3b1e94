import { makeAutoObservable, runInAction } from 'mobx';
import type { ImportReport, MethodOutput, RefiImportReport } from '../../../shared/api.ts';
import { isExchangeFile } from '../../../shared/methods.ts';
import { OCR_LANGUAGE_CODES, type OcrLanguage } from '../../../shared/ocr.ts';
import { toUpload, type FileLike } from '../files.ts';
import type { RootStore } from './RootStore.ts';

/** Importing files chosen or dropped by the user, and the report of the last import. */
export class ImportStore {
  private readonly root: RootStore;
  busy = false;
  report: ImportReport | null = null;
  error: string | null = null;
  /** What importing a REFI-QDA project or codebook brought in, by file name. */
  exchange: { name: string; report: RefiImportReport }[] = [];
  /** What replacing a document's text with a new version did to its codings. */
  replaced: { documentId: number; report?: MethodOutput<'replaceDocument'>; error?: string } | null = null;
  /** The languages scans and pictures are read in by OCR (at least one). */
  ocrLanguages: OcrLanguage[] = ['eng'];

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<ImportStore, 'root'>(this, { root: false });
  }

  /** Imports files chosen or dropped: articles as documents; projects (.quire, .qdpx, .qdc) go to the merge preview. */
  async importFiles(files: readonly FileLike[]): Promise<void> {
    if (!files.length || this.busy) return;
    this.busy = true;
    this.error = null;
    this.report = null;
    this.exchange = [];
    try {
      const articles = files.filter((f) => !isExchangeFile(f.name));
      // The merge dialog previews each project, merges it when asked, and reloads what it changes.
      void this.root.merging.start(files.filter((f) => isExchangeFile(f.name)));
      if (articles.length) {
        const report = await this.root.api.importUploads({
          files: await Promise.all(articles.map(toUpload)),
          ocrLanguages: this.ocrLanguages,
        });
        runInAction(() => (this.report = report));
      }
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
    } finally {
      await this.root.library.reload().catch(() => undefined);
      runInAction(() => (this.busy = false));
    }
  }

  /** Adds or removes a language of OCR; the last one stays. */
  toggleOcrLanguage(code: OcrLanguage): void {
    if (!this.ocrLanguages.includes(code))
      this.ocrLanguages = OCR_LANGUAGE_CODES.filter((c) => c === code || this.ocrLanguages.includes(c));
    else if (this.ocrLanguages.length > 1) this.ocrLanguages = this.ocrLanguages.filter((c) => c !== code);
  }

  /**
   * Replaces a document's text with a new version of the file: its codings are
   * found again in the new text, and those that cannot be are kept as orphans.
   */
  async replaceDocument(documentId: number, file: FileLike): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.replaced = null;
    try {
      const report = await this.root.api.replaceDocument({ id: documentId, upload: await toUpload(file) });
      runInAction(() => (this.replaced = { documentId, report }));
      await Promise.all([this.root.documents.reload(documentId), this.root.codingsChanged([documentId])]);
    } catch (e) {
      runInAction(() => (this.replaced = { documentId, error: (e as Error).message }));
    } finally {
      runInAction(() => (this.busy = false));
    }
  }

  dismiss(): void {
    this.replaced = null;
    this.exchange = [];
    this.report = null;
    this.error = null;
  }
}
