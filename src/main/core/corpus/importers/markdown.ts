import { Lexer, type Token } from 'marked';
import { parse as parseYaml } from 'yaml';
import { decodeText } from '../decode.ts';
import { extractMetadata } from '../metadata.ts';
import { normaliseText } from '../normalise.ts';
import { emptyMetadata, mergeMetadata, type FoundMetadata, type Importer } from './types.ts';
import { requireText } from './require-text.ts';
import { isoDate } from './dates.ts';

const FRONT_MATTER = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n/;

/** Markdown: stored as the text a reader sees, without markup; YAML front matter gives metadata. */
export const markdownImporter: Importer = {
  description: 'Markdown',
  parse(bytes, filename) {
    const decoded = decodeText(bytes, filename);
    let source = normaliseText(decoded.text);
    const warnings = [...decoded.warnings];
    let metadata = emptyMetadata();
    const front = FRONT_MATTER.exec(source + '\n');
    if (front) {
      source = source.slice(front[0].length);
      try {
        metadata = frontMatterMetadata(parseYaml(front[1] ?? ''));
      } catch {
        warnings.push(
          'The front matter at the top is not valid YAML; it was left out of the text and its metadata ignored.',
        );
      }
    }
    const tokens = new Lexer().lex(source);
    const heading = tokens.find((t) => t.type === 'heading');
    if (!metadata.title && heading && 'depth' in heading && heading.depth === 1)
      metadata.title = plain([heading]).trim();
    const text = requireText(normaliseText(blocks(tokens)).trim());
    return { text, metadata: mergeMetadata(metadata, extractMetadata(text)), encoding: decoded.encoding, warnings };
  },
};

function frontMatterMetadata(data: unknown): FoundMetadata {
  const out = emptyMetadata();
  if (!data || typeof data !== 'object') return out;
  const record = data as Record<string, unknown>;
  const str = (...keys: string[]) => {
    for (const k of keys) {
      const v = record[k];
      if (typeof v === 'string' && v.trim()) return v.trim();
      if (Array.isArray(v) && v.every((x) => typeof x === 'string') && v.length) return v.join(', ');
      if (v instanceof Date) return v.toISOString();
    }
    return null;
  };
  out.title = str('title', 'headline');
  out.author = str('author', 'authors', 'byline');
  out.published = isoDate(str('date', 'published', 'pubdate', 'published_at'));
  out.source = str('source', 'outlet', 'publication', 'site');
  out.url = str('url', 'link', 'canonical');
  out.language = str('language', 'lang');
  return out;
}

/** Block tokens → paragraphs separated by blank lines. */
function blocks(tokens: Token[]): string {
  const out: string[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
      case 'hr':
      case 'html':
      case 'def':
        break;
      case 'code':
        out.push(t.text);
        break;
      case 'list':
        out.push(t.items.map((item: { tokens: Token[] }) => blocks(item.tokens)).join('\n'));
        break;
      case 'blockquote':
        out.push(blocks(t.tokens ?? []));
        break;
      case 'table':
        out.push(
          [t.header, ...t.rows]
            .map((row: { tokens: Token[] }[]) => row.map((cell) => plain(cell.tokens)).join('\t'))
            .join('\n'),
        );
        break;
      default:
        out.push('tokens' in t && t.tokens ? plain(t.tokens) : 'text' in t ? String(t.text) : '');
    }
  }
  return out.filter((s) => s.trim()).join('\n\n');
}

/** Inline tokens → their visible text. */
function plain(tokens: Token[]): string {
  return tokens
    .map((t) => {
      if (t.type === 'html') return '';
      if (t.type === 'br') return '\n';
      if (t.type === 'image') return t.text ?? '';
      if ('tokens' in t && t.tokens) return plain(t.tokens);
      return 'text' in t ? String(t.text) : '';
    })
    .join('');
}
