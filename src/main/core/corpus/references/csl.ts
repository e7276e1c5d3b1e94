// CSL-JSON, the format of citation processors (Zotero's "CSL JSON" export,
// Citation.js, Pandoc): an array of items with "type", "title", "author"
// [{family, given}], "issued" {"date-parts": [[2022, 3, 3]]}, "container-title"…
import { emptyReference, type Reference } from './model.ts';

export const KINDS: Record<string, string> = {
  'article-newspaper': 'newspaper article',
  'article-magazine': 'magazine article',
  'article-journal': 'journal article',
  webpage: 'web page',
  'post-weblog': 'blog post',
  post: 'social media post',
  book: 'book',
  chapter: 'book section',
  report: 'report',
  thesis: 'thesis',
  'paper-conference': 'conference paper',
  document: 'document',
  article: 'article',
  broadcast: 'broadcast',
  interview: 'interview',
};

type Csl = Record<string, unknown>;

/** An array of CSL items: objects with a CSL "type" and a title, "issued" or authors as CSL writes them. */
export function isCslJson(data: unknown): data is Csl[] {
  if (!Array.isArray(data) || data.length === 0) return false;
  return data.every((item) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return false;
    const o = item as Csl;
    return (
      typeof o.type === 'string' &&
      ('issued' in o ||
        'container-title' in o ||
        (Array.isArray(o.author) &&
          o.author.some((a) => a && typeof a === 'object' && ('family' in a || 'literal' in a))))
    );
  });
}

const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null;

export function cslReference(item: Csl, line: number): Reference {
  const ref = emptyReference(line);
  ref.kind = KINDS[text(item.type) ?? ''] ?? text(item.type);
  ref.title = text(item.title);
  ref.authors = cslNames(item.author);
  ref.date = cslDate(item.issued);
  ref.publication = text(item['container-title']) ?? text(item.publisher);
  ref.doi = text(item.DOI);
  ref.url = text(item.URL);
  ref.language = text(item.language);
  ref.abstract = text(item.abstract);
  ref.tags = (text(item.keyword) ?? '').split(/\s*[,;]\s*/).filter(Boolean);
  ref.notes = text(item.note) ? [text(item.note)!] : [];
  ref.extra = [
    ['Pages', item.page],
    ['Volume', item.volume],
    ['Issue', item.issue],
    ['Publisher', item.publisher],
    ['Section', item.section],
    ['Citation key', item['citation-key'] ?? item.id],
  ]
    .map(([name, v]) => ({ name: name as string, value: text(v) ?? '' }))
    .filter((d) => d.value && !(d.name === 'Citation key' && /^temp_id_/.test(d.value)));
  return ref;
}

export function cslNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((a) => {
      if (!a || typeof a !== 'object') return typeof a === 'string' ? a : '';
      const o = a as Csl;
      return (
        text(o.literal) ?? [text(o.given), text(o['non-dropping-particle']), text(o.family)].filter(Boolean).join(' ')
      );
    })
    .filter(Boolean);
}

function cslDate(value: unknown): number[] {
  if (!value || typeof value !== 'object') return [];
  const parts = (value as Csl)['date-parts'];
  const first = Array.isArray(parts) && Array.isArray(parts[0]) ? (parts[0] as unknown[]) : null;
  if (first)
    return first
      .map(Number)
      .filter((n) => Number.isFinite(n) && n > 0)
      .slice(0, 3);
  const raw = text((value as Csl).raw);
  const m = raw ? /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/.exec(raw) : null;
  return m ? m.slice(1).filter(Boolean).map(Number) : [];
}
