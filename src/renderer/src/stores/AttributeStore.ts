import { makeAutoObservable, runInAction } from 'mobx';
import type { Attribute, AttributeTable, AttributeType } from '../../../shared/api.ts';
import { plural } from '../../../shared/text.ts';
import { toUpload, type FileLike } from '../files.ts';
import { Latest } from './latest.ts';
import type { RootStore } from './RootStore.ts';

/** How many rows the table asks for at a time. */
const PAGE = 200;

/**
 * The attribute table: every document with its attribute values, sorted and
 * filtered, edited a cell or a pasted block at a time; what the engine refused
 * is kept to show beside the table.
 */
export class AttributeStore {
  private readonly root: RootStore;
  open = false;
  table: AttributeTable | null = null;
  sortBy: 'title' | number = 'title';
  descending = false;
  /** Only the documents with this value of this attribute (null: without a value). */
  where: { attributeId: number; value: string | null } | null = null;
  /** What the last change said: how many values changed, and each refusal in words. */
  message: string | null = null;
  refusals: string[] = [];
  error: string | null = null;
  /** A sort or filter clicked twice quickly: only the answer to the last one is shown. */
  private readonly latest = new Latest();

  constructor(root: RootStore) {
    this.root = root;
    makeAutoObservable<AttributeStore, 'latest'>(this, { latest: false }, { autoBind: true });
  }

  get attributes(): Attribute[] {
    return this.table?.attributes ?? [];
  }

  show(): void {
    this.open = true;
    void this.load();
  }

  close(): void {
    this.open = false;
  }

  sort(by: 'title' | number): void {
    this.descending = this.sortBy === by ? !this.descending : false;
    this.sortBy = by;
    void this.load();
  }

  filter(where: { attributeId: number; value: string | null } | null): void {
    this.where = where;
    void this.load();
  }

  async load(): Promise<void> {
    await this.latest.load(
      () =>
        this.root.api.attributeTable({
          offset: 0,
          limit: PAGE,
          sortBy: this.sortBy,
          descending: this.descending,
          where: this.where ?? undefined,
        }),
      (table) => {
        this.table = table;
        this.error = null;
      },
      (message) => (this.error = message),
    );
  }

  /** The next page of rows, when the table is scrolled to its end. */
  async more(): Promise<void> {
    if (!this.table || this.table.rows.length >= this.table.total) return;
    const current = this.latest.current();
    const next = await this.root.api.attributeTable({
      offset: this.table.rows.length,
      limit: PAGE,
      sortBy: this.sortBy,
      descending: this.descending,
      where: this.where ?? undefined,
    });
    if (current()) runInAction(() => this.table && this.table.rows.push(...next.rows));
  }

  async addAttribute(name: string, type: AttributeType, choices: string[]): Promise<boolean> {
    return this.run(async () => {
      await this.root.api.createAttribute({ name, type, choices: type === 'choice' ? choices : undefined });
      return `Added the attribute “${name}”.`;
    });
  }

  async removeAttribute(a: Attribute): Promise<boolean> {
    return this.run(async () => {
      const r = await this.root.api.deleteAttribute({ id: a.id });
      return `Deleted “${a.name}” and its ${plural(r.values, 'value')}. Undo brings them back.`;
    });
  }

  async fill(a: Attribute): Promise<boolean> {
    return this.run(async () => {
      const r = await this.root.api.fillAttribute({ attributeId: a.id });
      this.refusals = r.refused.map((x) => x.reason);
      return `Filled ${plural(r.changed, 'value')} of “${a.name}” from the imports; ${plural(r.empty, 'document')} had nothing to give.`;
    });
  }

  /**
   * Sets values: one typed cell, or a block pasted from a spreadsheet (rows of
   * tab-separated cells) from the cell given down and to the right.
   */
  async setBlock(rowIndex: number, attributeIndex: number, block: string[][]): Promise<boolean> {
    const rows = this.table?.rows ?? [];
    const values = block.flatMap((cells, r) =>
      cells.flatMap((value, c) => {
        const row = rows[rowIndex + r];
        const attribute = this.attributes[attributeIndex + c];
        return row && attribute ? [{ documentId: row.id, attributeId: attribute.id, value: value.trim() || null }] : [];
      }),
    );
    if (!values.length) return false;
    return this.run(async () => {
      const r = await this.root.api.setAttributeValues({ values });
      this.refusals = r.refused.map((x) => x.reason);
      const cut = block.length * (block[0]?.length ?? 0) - values.length;
      return `${plural(r.changed, 'value')} changed${r.cleared ? ` (${r.cleared} cleared)` : ''}${r.refused.length ? `, ${r.refused.length} refused` : ''}${cut > 0 ? `; ${plural(cut, 'pasted cell')} fell outside the table and ${cut === 1 ? 'was' : 'were'} left out` : ''}.`;
    });
  }

  async importSheet(file: FileLike): Promise<boolean> {
    return this.run(async () => {
      const { name, base64 } = await toUpload(file);
      const r = await this.root.api.importAttributes({ upload: { name, base64 } });
      this.refusals = [...r.notes, ...r.unmatched.map((u) => `Not matched: ${u}`), ...r.refused];
      return `From “${name}”: ${plural(r.changed, 'value')} set in ${plural(r.attributes, 'attribute')}.`;
    });
  }

  private async run(change: () => Promise<string>): Promise<boolean> {
    this.refusals = [];
    try {
      const message = await change();
      runInAction(() => {
        this.message = message;
        this.error = null;
      });
      // The library's filter offers the attributes' values: it hears of the change.
      await Promise.all([this.load(), this.root.library.loadAttributes()]);
      return true;
    } catch (e) {
      runInAction(() => (this.error = (e as Error).message));
      return false;
    }
  }
}
