// Word documents (.docx): mammoth turns the document into simple HTML, which
// is walked into text: paragraphs and headings, list items with their bullets
// or numbers, tables as rows of tab-separated cells. Footnotes, endnotes and
// comments follow the body under headings of their own (see office.ts).
import { zipSync } from 'fflate';
import { parseHTML } from 'linkedom';
import { QuireError } from '../../../../shared/errors.ts';
import { normaliseText } from '../normalise.ts';
import {
  documentMetadata,
  imagesWarning,
  joinBlocks,
  readProperties,
  officeParts,
  wellFormedXml,
  withNotes,
  type Note,
} from './office.ts';
import { requireText } from './require-text.ts';
import type { Importer } from './types.ts';
import type { DomNode, El } from './dom.ts';

const KIND = 'a Word document (.docx)';

/** Added to mammoth's defaults: comments are kept (mammoth drops them otherwise), the Title style is a heading. */
const STYLE_MAP = ['comment-reference => sup', "p[style-name='Title'] => h1:fresh"];

export const docxImporter: Importer = {
  description: 'Word document (.docx)',
  async parse(bytes, filename) {
    // Only the XML parts are needed: images and embedded objects are never inflated.
    const parts = officeParts(bytes, filename, KIND, (name) => /\.(xml|rels)$/i.test(name));
    const main = parts.get('word/document.xml');
    if (!main && !parts.has('_rels/.rels'))
      throw new QuireError('invalid_input', `“${filename}” is not ${KIND}: it holds no word/document.xml.`);
    // mammoth's own message for broken XML says nothing a person can use.
    if (main) wellFormedXml(main, `The text of “${filename}” (word/document.xml)`);
    // mammoth unzips again with JSZip, which would trust the sizes the archive
    // claims: it gets the parts already inflated, stored without compression.
    const stored = zipSync(Object.fromEntries(parts), { level: 0 });
    let html: string;
    const warnings: string[] = [];
    try {
      // Loaded when first needed: only the import's worker reads Word documents.
      const { default: mammoth } = await import('mammoth');
      const result = await mammoth.convertToHtml(
        { buffer: Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength) },
        {
          styleMap: STYLE_MAP,
          // A style map inside the file could hide text: only Quire's and mammoth's own apply.
          includeEmbeddedStyleMap: false,
          // Images are counted, never read.
          convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        },
      );
      html = result.value;
      for (const m of result.messages)
        if (m.type === 'error') warnings.push(`Part of the document could not be read: ${m.message}`);
    } catch (e) {
      throw new QuireError('invalid_input', `“${filename}” cannot be read as ${KIND}: ${(e as Error)?.message ?? e}`, {
        cause: e,
      });
    }

    const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`) as unknown as {
      document: { body: El };
    };
    const { body, notes, comments, images, heading } = readHtml(document.body);
    const text = requireText(normaliseText(withNotes(body, notes, comments)));
    warnings.push(...imagesWarning(images));

    const props = readProperties(
      parts.get('docProps/core.xml'),
      'docProps/core.xml',
      { author: ['creator'], created: 'created', modified: 'modified' },
      warnings,
    );
    return { text, metadata: documentMetadata(body, props, heading), encoding: 'utf-8', warnings };
  },
};

// ---------------------------------------------------------------------------
// mammoth's HTML → text

const isElement = (node: DomNode): node is El => node.nodeType === 1;
const tagName = (node: DomNode) => (isElement(node) ? node.tagName.toLowerCase() : '');
const elements = (node: DomNode) => Array.from(node.childNodes).filter(isElement);

/** Where mammoth puts notes and comments: after the body, in an <ol> of notes and a <dl> of comments. */
const isNoteList = (el: El) =>
  tagName(el) === 'ol' &&
  elements(el).length > 0 &&
  elements(el).every((li) => /^(footnote|endnote)-/.test(li.getAttribute('id') ?? ''));
const isCommentList = (el: El) =>
  tagName(el) === 'dl' && elements(el).some((dt) => /^comment-/.test(dt.getAttribute('id') ?? ''));

function readHtml(root: El) {
  const bodyNodes: DomNode[] = [];
  const notes: Note[] = [];
  const comments: Note[] = [];
  // Where a note is attached, the body shows its number: "[1]".
  const markers = new Map<string, string>();
  for (const a of Array.from(root.querySelectorAll('a[id]')))
    markers.set(a.getAttribute('id')!, (a.textContent ?? '').replace(/^\[|\]$/g, ''));

  for (const node of Array.from(root.childNodes)) {
    if (isElement(node) && isNoteList(node)) {
      for (const li of elements(node)) {
        const id = li.getAttribute('id')!;
        const label = markers.get(id.replace(/^(footnote|endnote)-/, '$1-ref-')) || String(notes.length + 1);
        notes.push({ label, text: noteText(li) });
      }
    } else if (isElement(node) && isCommentList(node)) {
      let label = '';
      for (const el of elements(node)) {
        if (tagName(el) === 'dt') label = (el.textContent ?? '').replace(/^Comment\s*/, '').replace(/^\[|\]$/g, '');
        else comments.push({ label: label || String(comments.length + 1), text: noteText(el) });
      }
    } else {
      bodyNodes.push(node);
    }
  }
  const heading =
    Array.from(root.querySelectorAll('h1'))
      .map((h) => inline(h).trim())
      .find((t) => t) ?? null;
  return { body: joinBlocks(blocks(bodyNodes)), notes, comments, images: root.querySelectorAll('img').length, heading };
}

const noteText = (el: El) => joinBlocks(blocks(Array.from(el.childNodes))).replace(/\n\n/g, '\n');

/** Block-level nodes → text blocks: a paragraph, a whole list, a whole table. */
function blocks(nodes: readonly DomNode[]): string[] {
  const out: string[] = [];
  let loose = ''; // inline content outside any paragraph
  const flush = () => {
    if (loose.trim()) out.push(loose);
    loose = '';
  };
  for (const node of nodes) {
    const tag = tagName(node);
    if (tag === 'ul' || tag === 'ol') {
      flush();
      out.push(listLines(node as El, 0).join('\n'));
    } else if (tag === 'table') {
      flush();
      out.push(tableLines(node as El).join('\n'));
    } else if (/^(p|h[1-6]|pre|dt|dd|li|div|blockquote|dl)$/.test(tag)) {
      flush();
      // Paragraphs hold inline content; containers hold blocks.
      out.push(...(/^(p|h[1-6]|pre|dt)$/.test(tag) ? [inline(node)] : blocks(Array.from(node.childNodes))));
    } else {
      loose += inline(node);
    }
  }
  flush();
  return out;
}

/** A list's items as lines with their bullets or numbers; a nested list is indented under its item. */
function listLines(list: El, depth: number): string[] {
  const lines: string[] = [];
  const numbered = tagName(list) === 'ol';
  let n = 0;
  for (const li of elements(list)) {
    if (tagName(li) !== 'li') continue;
    n++;
    const own: DomNode[] = [];
    const nested: string[] = [];
    for (const child of Array.from(li.childNodes)) {
      const tag = tagName(child);
      if (tag === 'ul' || tag === 'ol') nested.push(...listLines(child as El, depth + 1));
      else if (tag === 'table') nested.push(...tableLines(child as El));
      else own.push(child);
    }
    const text = blocks(own).join(' ').trim();
    lines.push(`${'  '.repeat(depth)}${numbered ? `${n}.` : '•'} ${text}`, ...nested);
  }
  return lines;
}

/** A table's rows as lines, cells separated by tabs; a cell spanning columns keeps the columns after it in place. */
function tableLines(table: El): string[] {
  const rows = elements(table).flatMap((el) =>
    tagName(el) === 'tr' ? [el] : elements(el).filter((tr) => tagName(tr) === 'tr'),
  );
  return rows.map((tr) => {
    const cells: string[] = [];
    for (const cell of elements(tr)) {
      const text = blocks(Array.from(cell.childNodes)).join(' ').replace(/\s+/g, ' ').trim();
      const span = Math.min(Number(cell.getAttribute('colspan')) || 1, 100);
      cells.push(text, ...Array<string>(span - 1).fill(''));
    }
    return cells.join('\t');
  });
}

/** Inline content → text: line breaks kept, images and links to comments and back to the text dropped. */
function inline(node: DomNode): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (!isElement(node)) return '';
  const tag = tagName(node);
  if (tag === 'br') return '\n';
  if (tag === 'img') return '';
  const href = tag === 'a' ? (node.getAttribute('href') ?? '') : '';
  if (/^#(comment-|footnote-ref-|endnote-ref-|comment-ref-)/.test(href)) return '';
  return Array.from(node.childNodes, inline).join('');
}
