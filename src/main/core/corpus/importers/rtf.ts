// Rich Text Format (.rtf): a small reader of the control words that carry text
// (\par, \line, \tab, \cell, \row, \'hh, \uN with \ucN, special characters).
// Groups that are not text (font and colour tables, styles, pictures, fields'
// instructions, {\*\…} destinations) are skipped; \info gives title, author
// and date; footnotes and comments follow the body as for Word (see office.ts).
// It reads the file in one pass without recursion, so no file can hang it.
import iconv from 'iconv-lite';
import { QuireError } from '../../../../shared/errors.ts';
import { normaliseText } from '../normalise.ts';
import { isoDay } from './dates.ts';
import { documentMetadata, imagesWarning, withNotes, type Note } from './office.ts';
import { requireText } from './require-text.ts';
import type { Importer } from './types.ts';

export const rtfImporter: Importer = {
  description: 'Rich Text Format (.rtf)',
  parse(bytes, filename) {
    const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    if (!/^\s*\{\\rtf/.test(source.slice(0, 64)))
      throw new QuireError(
        'invalid_input',
        `“${filename}” is not a Rich Text Format file: it does not begin with {\\rtf.`,
      );
    const doc = readRtf(source);
    const body = normaliseText(doc.body);
    const text = requireText(normaliseText(withNotes(body, doc.notes, doc.comments)));
    const metadata = documentMetadata(body, { title: doc.title, author: doc.author, created: doc.created });
    return { text, metadata, encoding: doc.codepage, warnings: imagesWarning(doc.images) };
  },
};

/** Groups that hold no text of the document. */
const SKIP = new Set(
  'fonttbl colortbl stylesheet listtable listoverridetable revtbl rsidtbl filetbl pgdsctbl xmlnstbl latentstyles themedata colorschememapping datastore generator mmathPr info pict object objdata shp shpinst nonshppict header headerl headerr headerf footer footerl footerr footerf fldinst xe tc txe pn pntxta pntxtb bkmkstart bkmkend'.split(
    ' ',
  ),
);
const INFO = new Set(['title', 'author', 'creatim']);
/** Control words that are characters. */
const CHARS: Record<string, string> = {
  tab: '\t',
  line: '\n',
  emdash: '—',
  endash: '–',
  lquote: '‘',
  rquote: '’',
  ldblquote: '“',
  rdblquote: '”',
  bullet: '•',
  emspace: '\u2003',
  enspace: '\u2002',
  qmspace: '\u2005',
  zwj: '\u200D',
  zwnj: '\u200C',
};
/** Bullets as symbol fonts write them in list text (Symbol's \'b7, Wingdings' §, Ø …): one bullet for all. */
const SYMBOL_BULLET = /^[·\uF0B7o§Øüqvn•▪◦–-]$/;

/** A paragraph; the items of one list (`list`: its \ls number) and the rows of a table go on consecutive lines. */
type Para = { text: string; kind: 'p' | 'list' | 'row'; list?: number };

/** Text of one destination (the body, a footnote, a comment, a title): paragraphs, and bytes waiting for their code page. */
class Sink {
  readonly paras: Para[] = [];
  private current = '';
  private bytes: number[] = [];
  private readonly reader: RtfReader;
  constructor(reader: RtfReader) {
    this.reader = reader;
  }
  text(s: string): void {
    this.flush();
    this.current += s;
  }
  byte(b: number): void {
    this.bytes.push(b);
  }
  /** `indent` goes before a nested list item. */
  endParagraph(kind: Para['kind'], list?: number, indent = ''): void {
    this.flush();
    // A row's last cell ends with a tab like the others.
    const text = this.current.replace(/^ +/, '');
    this.paras.push({ text: indent + (kind === 'row' ? text.replace(/\t$/, '') : text), kind, list });
    this.current = '';
  }
  /** Paragraphs separated by blank lines; list items and table rows by line breaks. */
  result(): string {
    this.flush();
    if (this.current) this.endParagraph('p');
    const paras = this.paras
      .map((p) => ({ ...p, text: p.text.replace(/ +$/gm, '').replace(/^\n+|[ \n]+$/g, '') }))
      .filter((p) => p.text.trim());
    const together = (a: Para, b: Para) => a.kind !== 'p' && a.kind === b.kind && a.list === b.list;
    return paras.map((p, i) => (i === 0 ? '' : together(paras[i - 1]!, p) ? '\n' : '\n\n') + p.text).join('');
  }
  private flush(): void {
    if (!this.bytes.length) return;
    this.current += iconv.decode(Buffer.from(this.bytes), this.reader.codepage);
    this.bytes = [];
  }
}

interface Group {
  sink: Sink | null; // null: skipped
  /** What the group is, once its first control word says ('footnote', 'listtext', 'title' …). */
  role: string;
  fresh: boolean; // nothing seen yet but \*: the next control word may name a destination
  inNote: boolean; // within a footnote, whose own mark is not written
  ignorable: boolean; // after \*
  uc: number;
  hidden: boolean;
  list: boolean;
  listId: number; // \ls: which list
  level: number; // a list item's level (\ilvl), for its indent
  intbl: boolean;
  inInfo: boolean;
}

const MAX_DEPTH = 1000;

class RtfReader {
  codepage = 'windows-1252';
  readonly body = new Sink(this);
  readonly notes: Note[] = [];
  readonly comments: Note[] = [];
  images = 0;
  title: string | null = null;
  author: string | null = null;
  created: { yr?: number; mo?: number; dy?: number } = {};
  private initials = '';
  private toSkip = 0; // characters still to skip after \uN

  read(src: string): void {
    const stack: Group[] = [];
    let g: Group = {
      sink: this.body,
      role: 'body',
      fresh: false,
      inNote: false,
      ignorable: false,
      uc: 1,
      hidden: false,
      list: false,
      listId: -1,
      level: 0,
      intbl: false,
      inInfo: false,
    };
    const n = src.length;
    let i = 0;
    while (i < n) {
      const c = src[i]!;
      if (c === '{') {
        if (stack.length >= MAX_DEPTH)
          throw new QuireError('invalid_input', 'The file nests its groups too deeply to be a real RTF document.');
        g.fresh = false;
        stack.push(g);
        g = { ...g, role: '', fresh: true, ignorable: false };
        this.toSkip = 0;
        i++;
      } else if (c === '}') {
        const parent = stack.pop();
        if (parent) {
          this.close(g, parent);
          g = parent;
        }
        this.toSkip = 0;
        i++;
      } else if (c === '\\') {
        i = this.control(src, i, g);
      } else {
        i++;
        if (c === '\r' || c === '\n') continue;
        g.fresh = false;
        if (this.toSkip > 0) {
          this.toSkip--;
          continue;
        }
        if (!g.sink || g.hidden) continue;
        const code = c.charCodeAt(0);
        if (code >= 0x80) g.sink.byte(code);
        else if (c === '\t') g.sink.text('\t');
        else if (code >= 0x20) g.sink.text(c);
      }
    }
  }

  /** A control word or symbol at `i`; returns where reading goes on. */
  private control(src: string, i: number, g: Group): number {
    const next = src[i + 1] ?? '';
    if (!/[a-zA-Z]/.test(next)) {
      // A control symbol.
      if (next === "'") {
        const hex = src.slice(i + 2, i + 4);
        if (this.toSkip > 0) this.toSkip--;
        else if (g.sink && !g.hidden && /^[0-9a-fA-F]{2}$/.test(hex)) g.sink.byte(parseInt(hex, 16));
        return i + 4;
      }
      if (this.toSkip > 0) {
        this.toSkip--;
        return i + 2;
      }
      if (next === '*') g.ignorable = true;
      else g.fresh = false;
      if (next !== '*' && g.sink && !g.hidden) {
        if (next === '\\' || next === '{' || next === '}') g.sink.text(next);
        else if (next === '~') g.sink.text('\u00A0');
        else if (next === '_') g.sink.text('\u2011');
        else if (next === '\n' || next === '\r') this.paragraph(g);
      }
      return i + 2;
    }
    const m = /^([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(src.slice(i + 1, i + 48))!;
    const word = m[1]!;
    const param = m[2] === undefined ? null : Number(m[2]);
    const end = i + 1 + m[0].length;
    if (word === 'bin') return end + Math.max(0, param ?? 0); // binary data: skipped unread
    if (this.toSkip > 0 && word !== 'u') {
      this.toSkip--;
      return end;
    }
    if (g.fresh) {
      g.fresh = false;
      if (this.destination(word, g)) return end;
    }
    if (word === 'u' && param !== null) {
      if (g.sink && !g.hidden) g.sink.text(String.fromCharCode(param < 0 ? param + 65536 : param));
      this.toSkip = g.uc;
      return end;
    }
    if (word === 'uc' && param !== null) g.uc = Math.max(0, Math.min(param, 10));
    else if (word === 'ansicpg' && param !== null) this.codepage = codepageName(param) ?? this.codepage;
    else if (word === 'mac') this.codepage = 'macintosh';
    else if (word === 'pc') this.codepage = 'cp437';
    else if (word === 'pca') this.codepage = 'cp850';
    else if (word === 'v') g.hidden = param !== 0;
    else if (word === 'pard') {
      g.list = false;
      g.listId = -1;
      g.level = 0;
      g.intbl = false;
    } else if (word === 'ls') {
      g.list = true;
      g.listId = param ?? -1;
    } else if (word === 'ilvl') {
      g.list = true;
      g.level = Math.max(0, Math.min(param ?? 0, 8));
    } else if (word === 'intbl') g.intbl = true;
    else if (g.role === 'creatim' && (word === 'yr' || word === 'mo' || word === 'dy') && param !== null)
      this.created[word] = param;
    else if (!g.sink || g.hidden) return end;
    else if (word === 'par' || word === 'sect' || word === 'page') this.paragraph(g);
    else if (word === 'cell' || word === 'nestcell') g.sink.text(word === 'cell' ? '\t' : ' ');
    else if (word === 'row') {
      g.sink.endParagraph('row');
    } else if (word === 'chftn') {
      // In the body, where a footnote is attached; in the note itself, its own mark (written as its label instead).
      if (!g.inNote) g.sink.text(`[${this.notes.length + 1}]`);
    } else if (CHARS[word] !== undefined) g.sink.text(CHARS[word]!);
    return end;
  }

  /** The first control word of a group may make it a destination: another text, or one to skip. */
  private destination(word: string, g: Group): boolean {
    if (word === 'footnote' || word === 'annotation') {
      g.role = word;
      g.sink = new Sink(this);
      g.inNote = word === 'footnote';
      g.hidden = false;
      g.list = false;
      g.intbl = false;
      return true;
    }
    if (word === 'atnid' || word === 'listtext' || word === 'pntext' || (g.inInfo && INFO.has(word))) {
      g.role = word;
      g.sink = new Sink(this);
      return true;
    }
    // Word writes each picture twice, in \shppict and in \nonshppict (skipped): counted once.
    if ((word === 'pict' || word === 'shppict') && g.sink) this.images++;
    if (word === 'info') g.inInfo = true;
    if (g.ignorable || SKIP.has(word)) {
      g.role = word;
      g.sink = null;
      return true;
    }
    return false;
  }

  /** A group ends: what it held goes where it belongs. */
  private close(g: Group, parent: Group): void {
    const text = () => normaliseText(g.sink?.result() ?? '');
    switch (g.role) {
      case 'footnote':
        this.notes.push({ label: String(this.notes.length + 1), text: text().replace(/\n\n/g, '\n') });
        break;
      case 'annotation':
        this.comments.push({
          label: `${this.initials}${this.comments.length + 1}`,
          text: text().replace(/\n\n/g, '\n'),
        });
        break;
      case 'atnid':
        this.initials = text().trim().slice(0, 20);
        break;
      case 'title':
        this.title = text().replace(/\s+/g, ' ').trim() || null;
        break;
      case 'author':
        this.author = text().replace(/\s+/g, ' ').trim() || null;
        break;
      case 'listtext':
      case 'pntext': {
        // The bullet or number a list item shows ("1.", or a symbol font's bullet).
        const marker = text().replace(/\s+/g, '');
        if (parent.sink && !parent.hidden && marker) parent.sink.text(`${SYMBOL_BULLET.test(marker) ? '•' : marker} `);
        parent.list = true;
        break;
      }
    }
  }

  private paragraph(g: Group): void {
    // Paragraphs inside a table cell stay in their row.
    if (g.intbl) g.sink!.text(' ');
    else if (g.list) g.sink!.endParagraph('list', g.listId, '  '.repeat(g.level));
    else g.sink!.endParagraph('p');
  }
}

/** \ansicpgN → an encoding iconv-lite reads, or null. */
function codepageName(n: number): string | null {
  const name = n === 65001 ? 'utf-8' : n >= 1250 && n <= 1258 ? `windows-${n}` : `cp${n}`;
  return iconv.encodingExists(name) ? name : null;
}

function readRtf(src: string) {
  const reader = new RtfReader();
  reader.read(src);
  const { yr, mo, dy } = reader.created;
  const created = yr && mo && dy ? isoDay(yr, mo, dy) : null;
  return {
    body: reader.body.result(),
    notes: reader.notes,
    comments: reader.comments,
    images: reader.images,
    title: reader.title,
    author: reader.author,
    created,
    codepage: reader.codepage,
  };
}
