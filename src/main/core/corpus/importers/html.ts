import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import iconv from 'iconv-lite';
import { decodeText, encodingName } from '../decode.ts';
import { extractMetadata } from '../metadata.ts';
import { normaliseText } from '../normalise.ts';
import { emptyMetadata, mergeMetadata, type FoundMetadata, type Importer } from './types.ts';
import { pageHeadings, pageMetadata, tidyPageMetadata } from './html-metadata.ts';
import type { Doc, DomNode, El } from './dom.ts';
import { requireText } from './require-text.ts';
import { isoDate } from './dates.ts';

/** Elements that are never part of the article's text. */
const DROP =
  'script, style, noscript, template, iframe, object, embed, svg, canvas, nav, aside, form, button, input, select, textarea, dialog, menu';
/** Page furniture recognised by its class or id. */
const FURNITURE =
  /(^|[\s_-])(comments?|share|sharing|social|related|newsletter|advert|ads?|promo|cookie|subscribe|sidebar|breadcrumbs?|menu|navbar|footer|masthead|paywall|popup|modal)([\s_-]|$)/i;
const BLOCK = new Set(
  'address article blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main ol p pre section table tbody thead tfoot tr ul'.split(
    ' ',
  ),
);

/**
 * Saved web pages: the article, found by Mozilla's Readability (as Firefox's
 * reader view finds it), with its title, byline, date and site; the rest of
 * the page is dropped. A page Readability finds no article in (a short note,
 * a list) falls back to the page's text without scripts, navigation, comment
 * forms and other furniture. Nothing of the page runs: it is only parsed.
 */
export const htmlImporter: Importer = {
  description: 'Web page (HTML)',
  parse(bytes, filename) {
    const decoded = decodeHtml(bytes, filename);
    const page = parse(decoded.text);
    // A news database's export of many articles (Factiva's HTML): every article's fields, for the export reader (corpus/newsdb).
    const exported = exportedArticles(page);
    if (exported)
      return { text: exported, metadata: emptyMetadata(), encoding: decoded.encoding, warnings: decoded.warnings };
    // Read before Readability changes the page: it rewrites and removes elements.
    const metadata = pageMetadata(page);
    const headings = pageHeadings(page);
    const article = readArticle(page);
    // Without an article, the page as it was, parsed afresh.
    const text = requireText(
      normaliseText(tidy(article ? textOf(article.root) : furnitureFree(parse(decoded.text)))).trim(),
    );
    return {
      text,
      metadata: mergeMetadata(
        tidyPageMetadata(mergeMetadata(metadata, article?.metadata ?? {}), headings),
        extractMetadata(text),
      ),
      encoding: decoded.encoding,
      warnings: decoded.warnings,
    };
  },
};

function parse(html: string): Doc {
  // A fragment without <html> would be parsed outside <body>: give it a document.
  const page = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><body>${html}</body></html>`;
  return (parseHTML(page) as unknown as { document: Doc }).document;
}

/** Readability's article: its content as a DOM to take the text from, and what it found about it. */
function readArticle(document: Doc): { root: El; metadata: Partial<FoundMetadata> } | null {
  // Furniture marked by its class or id goes first: Readability rewrites such blocks into plain paragraphs.
  dropFurniture(document);
  let result: ReturnType<Readability<string>['parse']>;
  try {
    result = new Readability(document as unknown as Document, { charThreshold: 250 }).parse();
  } catch {
    return null;
  }
  if (!result?.content || (result.textContent ?? '').trim().length < 250) return null;
  const root = parse(result.content).body!;
  // Pictures are not imported, and their captions and credits are not the article.
  for (const el of [...root.querySelectorAll(`${DROP}, figure, figcaption, picture`)]) el.remove();
  return {
    root,
    metadata: {
      title: result.title?.trim() || null,
      author: result.byline?.trim() || null,
      published: isoDate(result.publishedTime),
      source: result.siteName?.trim() || null,
      language: result.lang?.trim() || null,
    },
  };
}

/**
 * Factiva's HTML export: each article a <div class="article …"> holding a table
 * of field codes (HD, BY, PD…) and their values, or the same fields as lines
 * ending with its "Document …" number. Readability would keep one article of
 * many; this keeps them all, row by row, as the export reader expects.
 */
function exportedArticles(document: Doc): string | null {
  const articles = [...document.querySelectorAll('div[class~="article"]')];
  const isExport = (el: El) =>
    [...el.querySelectorAll('td')].some((td) => (td.textContent ?? '').trim() === 'HD') ||
    /\bDocument [A-Za-z0-9]{20,32}\s*$/.test(el.textContent ?? '');
  if (articles.length === 0 || !articles.every(isExport)) return null;
  return normaliseText(tidy(articles.map(textOf).join('\n\n'))).trim();
}

/** The page's text without scripts, navigation, comment forms and other furniture. */
function furnitureFree(document: Doc): string {
  for (const el of [...document.querySelectorAll(DROP)]) el.remove();
  dropFurniture(document);
  const root = articleRoot(document);
  for (const el of [...root.querySelectorAll('header, footer')]) {
    if (!el.closest('article, main')) el.remove();
  }
  return textOf(root);
}

/** A page that is not valid UTF-8 but names its charset is read in that charset. */
function decodeHtml(bytes: Uint8Array, filename: string) {
  const decoded = decodeText(bytes, filename);
  if (decoded.encoding === 'utf-8' && decoded.warnings.length === 0) return decoded;
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const charset = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && iconv.encodingExists(charset) && !decoded.encoding.startsWith('utf-16')) {
    const note = `The page is not in UTF-8; it was read as ${encodingName(charset)}, the encoding it declares.`;
    return { text: iconv.decode(Buffer.from(bytes), charset), encoding: charset, warnings: [note] };
  }
  return decoded;
}

function dropFurniture(root: Pick<El, 'querySelectorAll'>): void {
  for (const el of [...root.querySelectorAll('[class], [id], [role], [aria-hidden="true"], [hidden]')]) {
    if (isFurniture(el)) el.remove();
  }
}

function isFurniture(el: El): boolean {
  if (el.closest('article') === el || el.tagName === 'MAIN' || el.tagName === 'BODY' || el.tagName === 'HTML')
    return false;
  if (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')) return true;
  const role = el.getAttribute('role') ?? '';
  const named =
    /^(navigation|banner|contentinfo|complementary|search|dialog)$/.test(role) ||
    FURNITURE.test(el.getAttribute('class') ?? '') ||
    FURNITURE.test(el.getAttribute('id') ?? '');
  // A wrapper named like furniture that holds the article is not furniture: a real page wraps its
  // whole layout in <div class="ad-wallpaper">, and dropping it would drop the article too.
  return named && !el.querySelector(ARTICLE_INSIDE);
}

/** What marks the article itself: a wrapper holding one of these is never dropped as furniture. */
const ARTICLE_INSIDE = 'h1, article, main, [itemprop="articleBody"], [role="main"]';

/** The article element with the most text, else <main>, else the body. */
function articleRoot(document: Doc): El {
  const articles = [...document.querySelectorAll('article')];
  if (articles.length) return articles.sort((a, b) => (b.textContent ?? '').length - (a.textContent ?? '').length)[0]!;
  return document.querySelector('main') ?? document.body ?? document.documentElement;
}

function textOf(node: DomNode): string {
  if (node.nodeType === 3) return (node.textContent ?? '').replace(/\s+/g, ' ');
  if (node.nodeType !== 1) return '';
  const el = node as El;
  const tag = el.tagName.toLowerCase();
  if (tag === 'br') return '\n';
  if (tag === 'pre') return `\n\n${el.textContent ?? ''}\n\n`;
  const inner = Array.from(el.childNodes, textOf).join('');
  if (tag === 'td' || tag === 'th') return `${inner}\t`;
  return BLOCK.has(tag) ? `\n\n${inner}\n\n` : inner;
}

function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/g, '').replace(/^[ ]+/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}
