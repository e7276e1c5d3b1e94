// OpenDocument text (.odt, from LibreOffice and others): content.xml read in
// document order into paragraphs and headings, list items with their bullets
// or numbers, tables as rows of tab-separated cells; footnotes, endnotes and
// comments after the body, as for Word (see office.ts); meta.xml gives title,
// author and dates.
import { QuireError } from '../../../../shared/errors.ts';
import { normaliseText } from '../normalise.ts';
import {
  attrOf,
  childrenOf,
  documentMetadata,
  fieldText,
  findElement,
  imagesWarning,
  joinBlocks,
  parseXmlPart,
  readProperties,
  tagOf,
  textIn,
  officeParts,
  withNotes,
  type Note,
  type XmlNode,
} from './office.ts';
import { requireText } from './require-text.ts';
import type { Importer } from './types.ts';

const KIND = 'an OpenDocument text (.odt)';

export const odtImporter: Importer = {
  description: 'OpenDocument text (.odt)',
  parse(bytes, filename) {
    const parts = officeParts(bytes, filename, KIND, (name) =>
      ['mimetype', 'content.xml', 'styles.xml', 'meta.xml'].includes(name),
    );
    const mimetype = parts.get('mimetype') && new TextDecoder().decode(parts.get('mimetype')).trim();
    if (mimetype && !mimetype.startsWith('application/vnd.oasis.opendocument.text')) {
      throw new QuireError(
        'invalid_input',
        `“${filename}” is not ${KIND}: it is an OpenDocument file of another kind (${mimetype.slice(0, 80)}).`,
      );
    }
    const content = parts.get('content.xml');
    if (!content) throw new QuireError('invalid_input', `“${filename}” is not ${KIND}: it holds no content.xml.`);
    const xml = parseXmlPart(content, `The text of “${filename}” (content.xml)`);
    const warnings: string[] = [];
    const reader = new OdtReader(listKinds(xml, parts.get('styles.xml')));
    const officeBody = findElement(xml, 'body');
    const officeText = officeBody ? childrenOf(officeBody).find((n) => tagOf(n) === 'office:text') : undefined;
    const body = joinBlocks(reader.blocks(officeText ? childrenOf(officeText) : []));
    const text = requireText(normaliseText(withNotes(body, reader.notes, reader.comments)));
    warnings.push(...imagesWarning(reader.images));

    const props = readProperties(
      parts.get('meta.xml'),
      'meta.xml',
      { author: ['initial-creator', 'creator'], created: 'creation-date', modified: 'date' },
      warnings,
    );
    return { text, metadata: documentMetadata(body, props, reader.heading), encoding: 'utf-8', warnings };
  },
};

type ListKind = 'bullet' | 'number';

/** For each list style (in content.xml or styles.xml), whether each level shows bullets or numbers. */
function listKinds(content: XmlNode[], styles: Uint8Array | undefined): Map<string, ListKind[]> {
  const kinds = new Map<string, ListKind[]>();
  const collect = (nodes: XmlNode[]) => {
    const stack = nodes.slice();
    while (stack.length) {
      const node = stack.pop()!;
      const tag = tagOf(node);
      if (tag === 'text:list-style') {
        const levels: ListKind[] = [];
        for (const level of childrenOf(node)) {
          const n = Number(attrOf(level, 'text:level')) || levels.length + 1;
          if (n > 0 && n <= 10)
            levels[n - 1] =
              tagOf(level) === 'text:list-level-style-number' && attrOf(level, 'style:num-format') !== ''
                ? 'number'
                : 'bullet';
        }
        const name = attrOf(node, 'style:name');
        if (name) kinds.set(name, levels);
      } else if (
        tag === 'office:automatic-styles' ||
        tag === 'office:styles' ||
        tag === 'office:document-content' ||
        tag === 'office:document-styles'
      ) {
        stack.push(...childrenOf(node));
      }
    }
  };
  if (styles) {
    try {
      collect(parseXmlPart(styles, 'styles.xml'));
    } catch {
      // Without the styles, lists show bullets.
    }
  }
  collect(content);
  return kinds;
}

/** Text being built from inline content, with OpenDocument's white-space rule: runs of spaces and line breaks in the XML are one space. */
class Line {
  text = '';
  private collapsible = true; // at the start of a paragraph, white space is dropped
  add(raw: string): void {
    let t = raw.replace(/[ \t\r\n]+/g, ' ');
    if (this.collapsible && t.startsWith(' ')) t = t.slice(1);
    if (!t) return;
    this.text += t;
    this.collapsible = t.endsWith(' ');
  }
  /** Spaces, tabs and line breaks the document asks for (text:s, text:tab, text:line-break). */
  literal(t: string): void {
    this.text += t;
    this.collapsible = false;
  }
}

/** Elements never part of the text: declarations, change tracking (it holds deleted text), indexes Quire would only duplicate. */
const SKIP =
  /^(text:(tracked-changes|sequence-decls|variable-decls|user-field-decls|dde-connection-decls|soft-page-break|table-of-content|illustration-index|table-index|object-index|user-index|alphabetical-index|bibliography|note-citation|change|change-start|change-end|bookmark|bookmark-start|bookmark-end|reference-mark|reference-mark-start|reference-mark-end)|office:(forms|annotation-end)|table:(table-column|table-columns|table-header-columns|table-column-group|named-expressions)|draw:.*|svg:.*|dc:.*|meta:.*)$/;

class OdtReader {
  readonly notes: Note[] = [];
  readonly comments: Note[] = [];
  images = 0;
  heading: string | null = null;
  private readonly kinds: Map<string, ListKind[]>;

  constructor(kinds: Map<string, ListKind[]>) {
    this.kinds = kinds;
  }

  /** Block-level nodes → text blocks: a paragraph, a whole list, a whole table. */
  blocks(nodes: readonly XmlNode[]): string[] {
    const out: string[] = [];
    for (const node of nodes) {
      const tag = tagOf(node);
      if (tag === 'text:p' || tag === 'text:h') {
        const text = this.paragraph(node);
        if (
          tag === 'text:h' &&
          this.heading === null &&
          (attrOf(node, 'text:outline-level') ?? '1') === '1' &&
          text.trim()
        )
          this.heading = text.trim();
        out.push(text);
      } else if (tag === 'text:list') {
        out.push(this.list(node, 0, null).join('\n'));
      } else if (tag === 'table:table') {
        out.push(this.table(node).join('\n'));
      } else if (tag === 'draw:frame' || tag === 'draw:a') {
        this.countImages(node);
      } else if (tag === 'office:annotation') {
        this.comment(node);
      } else if (tag && !SKIP.test(tag)) {
        out.push(...this.blocks(childrenOf(node))); // sections and other containers
      }
    }
    return out;
  }

  private paragraph(node: XmlNode): string {
    const line = new Line();
    this.inline(childrenOf(node), line);
    return line.text.replace(/ +$/, '');
  }

  private inline(nodes: readonly XmlNode[], line: Line): void {
    for (const node of nodes) {
      const tag = tagOf(node);
      if (tag === null) line.add(textIn(node));
      else if (tag === 'text:s') line.literal(' '.repeat(Math.min(Number(attrOf(node, 'text:c')) || 1, 1000)));
      else if (tag === 'text:tab') line.literal('\t');
      else if (tag === 'text:line-break') line.literal('\n');
      else if (tag === 'text:note') line.literal(`[${this.note(node)}]`);
      else if (tag === 'office:annotation') this.comment(node);
      else if (tag === 'draw:frame' || tag === 'draw:a') this.countImages(node);
      else if (tag === 'text:ruby')
        this.inline(
          childrenOf(node).filter((n) => tagOf(n) === 'text:ruby-base'),
          line,
        );
      else if (!SKIP.test(tag)) this.inline(childrenOf(node), line); // spans, links, fields show their text
    }
  }

  /** Keeps a footnote or endnote for after the body; gives what the body shows where it is attached. */
  private note(node: XmlNode): string {
    const citation = childrenOf(node).find((n) => tagOf(n) === 'text:note-citation');
    const label = (citation && textIn(citation).trim()) || String(this.notes.length + 1);
    const body = childrenOf(node).find((n) => tagOf(n) === 'text:note-body');
    this.notes.push({ label, text: joinBlocks(this.blocks(body ? childrenOf(body) : [])).replace(/\n\n/g, '\n') });
    return label;
  }

  /** A comment, labelled like Word's: its author's initials and its number ("JD1"). */
  private comment(node: XmlNode): void {
    const creator = fieldText([node], 'creator') ?? '';
    const initials =
      fieldText([node], 'creator-initials') ??
      creator
        .split(/\s+/)
        .map((w) => w.charAt(0).toUpperCase())
        .join('');
    const text = joinBlocks(this.blocks(childrenOf(node))).replace(/\n\n/g, '\n');
    this.comments.push({ label: `${initials}${this.comments.length + 1}`, text });
  }

  private countImages(node: XmlNode): void {
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (tagOf(n) === 'draw:image') this.images++;
      stack.push(...childrenOf(n));
    }
  }

  /** A list's items as lines with their bullets or numbers; nested lists are indented under their item. */
  private list(node: XmlNode, depth: number, style: string | null): string[] {
    const name = attrOf(node, 'text:style-name') ?? style;
    const kind = (name && this.kinds.get(name)?.[depth]) ?? 'bullet';
    const lines: string[] = [];
    let n = 0;
    for (const item of childrenOf(node)) {
      const tag = tagOf(item);
      if (tag !== 'text:list-item' && tag !== 'text:list-header') continue;
      const own: XmlNode[] = [];
      const nested: string[] = [];
      for (const child of childrenOf(item)) {
        if (tagOf(child) === 'text:list') nested.push(...this.list(child, depth + 1, name));
        else own.push(child);
      }
      // A list header is a line of the list without a bullet or number.
      const marker = tag === 'text:list-header' ? '' : kind === 'number' ? `${++n}. ` : '• ';
      const text = this.blocks(own).join(' ').trim();
      if (text || marker) lines.push(`${'  '.repeat(depth)}${marker}${text}`);
      lines.push(...nested);
    }
    return lines;
  }

  /** A table's rows as lines, cells separated by tabs; a merged cell keeps the columns after it in place. */
  private table(node: XmlNode): string[] {
    const rows: string[] = [];
    const visit = (nodes: readonly XmlNode[]) => {
      for (const child of nodes) {
        const tag = tagOf(child);
        if (tag === 'table:table-row') {
          const row = this.row(child);
          if (row.trim()) rows.push(row); // repeated empty rows fill spreadsheets out; they are not content
        } else if (tag === 'table:table-header-rows' || tag === 'table:table-rows' || tag === 'table:table-row-group') {
          visit(childrenOf(child));
        }
      }
    };
    visit(childrenOf(node));
    return rows;
  }

  private row(node: XmlNode): string {
    const cells: string[] = [];
    for (const cell of childrenOf(node)) {
      const tag = tagOf(cell);
      if (tag !== 'table:table-cell' && tag !== 'table:covered-table-cell') continue;
      const text =
        tag === 'table:table-cell' ? this.blocks(childrenOf(cell)).join(' ').replace(/\s+/g, ' ').trim() : '';
      const repeat = Math.min(Number(attrOf(cell, 'table:number-columns-repeated')) || 1, 100);
      for (let i = 0; i < repeat; i++) cells.push(text);
    }
    return cells.join('\t').replace(/\t+$/, '');
  }
}
