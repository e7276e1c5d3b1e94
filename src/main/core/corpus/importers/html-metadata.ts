// What a saved web page says about its article: title, byline, date, site,
// address and language, from its meta tags and JSON-LD, then tidied the way
// real news pages need (seen on saved pages of CNN, Fox News, Politico,
// Libération, Yahoo and others): titles carry the site's name ("… - CNN.com",
// "TechCrunch | …"), bylines carry job titles, dates and handles on further
// lines ("Sam Byford⏎on June 29, 2014⏎@345triangle"), the "author" is
// sometimes the site itself ("lefigaro.fr"), and many pages give their date
// only in their address (/2010/08/13/).
import { bylinePeople, isAgency } from '../metadata.ts';
import { isoDate, isoDay } from './dates.ts';
import type { Doc } from './dom.ts';
import { emptyMetadata, type FoundMetadata } from './types.ts';

export function pageMetadata(document: Doc): FoundMetadata {
  const out = emptyMetadata();
  const meta = (...names: string[]) => {
    for (const n of names) {
      const v = document.querySelector(`meta[property="${n}"], meta[name="${n}"]`)?.getAttribute('content')?.trim();
      if (v) return v;
    }
    return null;
  };
  const ld = jsonLdArticle(document);
  out.title =
    meta('og:title', 'twitter:title') ??
    ld.headline ??
    (document.querySelector('title')?.textContent?.trim() || null) ??
    pageHeadings(document)[0] ??
    null;
  const author = meta('author', 'article:author', 'byl', 'dc.creator') ?? ld.author;
  out.author = author && !/^https?:/.test(author) ? author : null;
  out.published = isoDate(
    meta('article:published_time', 'datePublished', 'pubdate', 'publishdate', 'date', 'dc.date', 'DC.date.issued') ??
      ld.datePublished ??
      document.querySelector('time[datetime]')?.getAttribute('datetime'),
  );
  out.source = meta('og:site_name', 'application-name') ?? ld.publisher;
  out.url = document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta('og:url');
  out.language = document.documentElement?.getAttribute('lang')?.trim() || meta('og:locale', 'language');
  return out;
}

/** The page's top headings' text: the headline is usually one of them. */
export function pageHeadings(document: Doc): string[] {
  return [...document.querySelectorAll('h1')].map((h) => squash(h.textContent ?? '')).filter(Boolean);
}

/** Metadata from a page's tags, tidied: see the top of this file. */
export function tidyPageMetadata(found: FoundMetadata, headings: readonly string[]): FoundMetadata {
  const out = { ...found };
  out.source = found.source ? squash(found.source).replace(/^www\./i, '') || null : null;
  if (out.title) {
    const { title, site } = splitTitle(squash(out.title), headings, out.source);
    out.title = title;
    out.source ??= site;
  }
  out.author = found.author ? tidyByline(found.author, out.source, out.url) : null;
  out.published ??= dateInAddress(out.url) ?? (found.author ? dateInByline(found.author) : null);
  return out;
}

/** Title separators, with spaces around them: "Headline - Site", "Site | Headline", "Headline : Section : Site". */
const SEPARATOR = /\s+(?:[-–—|:·•»]|::)\s+/;

/**
 * The headline without the site's name: the part of the title that is one of
 * the page's headings, else the title without parts naming the site. The
 * parts left over name the site, when the page does not say it otherwise.
 */
function splitTitle(
  title: string,
  headings: readonly string[],
  source: string | null,
): { title: string; site: string | null } {
  const parts = title.split(SEPARATOR);
  if (parts.length < 2) return { title, site: null };
  const key = (s: string) => s.toLowerCase().replace(/[’‘]/g, "'");
  const heads = new Set(headings.map(key));
  // The longest run of parts that is a heading: "Headline: with a colon - Site" keeps its colon.
  for (let length = parts.length - 1; length >= 1; length--) {
    for (let from = 0; from + length <= parts.length; from++) {
      const run = parts.slice(from, from + length);
      const joined = joinParts(title, run);
      if (joined && heads.has(key(joined))) {
        const rest = [...parts.slice(0, from), ...parts.slice(from + length)];
        return { title: joined, site: siteName(rest) };
      }
    }
  }
  // No heading matched: drop the first or last part when it is the site's name.
  const site = source ? simpleName(source) : null;
  if (site && simpleName(parts.at(-1)!) === site)
    return { title: joinParts(title, parts.slice(0, -1)) ?? title, site: null };
  if (site && simpleName(parts[0]!) === site) return { title: joinParts(title, parts.slice(1)) ?? title, site: null };
  return { title, site: null };
}

/** The original text from the first to the last of consecutive `parts`, separators as written. */
function joinParts(title: string, parts: readonly string[]): string | null {
  const first = parts[0];
  const last = parts.at(-1);
  if (first === undefined || last === undefined) return null;
  const start = title.indexOf(first);
  const end = title.indexOf(last, start) + last.length;
  return start >= 0 && end > start ? title.slice(start, end) : null;
}

/** The last of the leftover parts, when it is short enough to be a site's name ("CNN.com", "MSN Lifestyle"). */
function siteName(rest: readonly string[]): string | null {
  const last = rest.at(-1)?.trim();
  return last && last.split(/\s+/).length <= 4 && last.length <= 40 ? last : null;
}

/** "www.CNN.com" and "CNN" alike. */
function simpleName(s: string): string {
  return s
    .toLowerCase()
    .replace(/^www\./, '')
    .replace(/\.(com|org|net|co\.uk|fr|de|es|it)$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Words that introduce a byline, in the languages of the sources we have seen. */
const BY = /^(by|par|von|por|door|di|av|af|from)\b[\s:]*/i;
/** "Ediciones El País", "Rédaction": the publisher, not a person. */
const PUBLISHER =
  /^(ediciones|editions|éditions|edizioni|redacci[oó]n|rédaction|redaktion|newsroom|staff|admin(istrator)?)\b/i;

/**
 * A byline from a page's metadata → the people it names ("Jordan Robertson
 * and Rachel Metz"), an agency ("AP"), or the byline itself when it is short
 * and plain; null when it names the site or its publisher.
 */
export function tidyByline(raw: string, source: string | null, url: string | null): string | null {
  const firstLine =
    raw
      .trim()
      .replace(BY, '')
      .split(/\n/)
      .map((l) => l.trim())
      .find(Boolean) ?? '';
  // A byline's own parts after a bar or a dash are job titles, places and times.
  let s = firstLine.split(/\s+[|–—·•-]\s+/)[0]!.trim();
  // "LILIAN ALEMAGNA, LAURE BRETTON Envoyés spéciaux à Toulouse": the names are the capitals.
  const capitals = /^(\p{Lu}[\p{Lu}'’.-]*(?:[ ,]+(?:and |et |y |und )?\p{Lu}[\p{Lu}'’.-]*)+)\s+\p{Lu}\p{Ll}/u.exec(s);
  if (capitals) s = capitals[1]!.trim();
  if (!s || /^[\w.-]+\.[a-z]{2,}$/i.test(s) || PUBLISHER.test(s)) return null;
  const host = url ? /^(?:https?:\/\/)?(?:www\.)?([^/]+)/i.exec(url)?.[1] : null;
  if ((source && simpleName(s) === simpleName(source)) || (host && simpleName(s) === simpleName(host))) return null;
  if (isAgency(s)) return s;
  // "Doug Stanglin, USA TODAY": the outlet after the names is not one of them.
  const outlet = (part: string) => [source, host].some((name) => name && simpleName(part) === simpleName(name));
  s = s
    .split(/\s*,\s*/)
    .filter((part) => !outlet(part))
    .join(', ');
  return bylinePeople(s) ?? (s.length <= 80 ? s : null);
}

/** "David Gura | Apr 19, 2013", "Bryan Walsh⏎Tuesday, Aug. 17, 2010": a date in the byline's other parts. */
function dateInByline(raw: string): string | null {
  for (const part of raw.split(/\n|\s+[|–—·•-]\s+/).slice(1)) {
    const date = isoDate(part.trim());
    if (date) return date;
  }
  return null;
}

/** News sites' addresses often hold the date: …/2010/08/13/…, …/2014/6/26/…. */
export function dateInAddress(url: string | null): string | null {
  const m = url ? /\/((?:19|20)\d{2})\/(0?[1-9]|1[0-2])\/(0?[1-9]|[12]\d|3[01])(?:\/|$)/.exec(url) : null;
  return m ? isoDay(+m[1]!, +m[2]!, +m[3]!) : null;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

interface LdArticle {
  headline: string | null;
  author: string | null;
  datePublished: string | null;
  publisher: string | null;
}

/** schema.org NewsArticle/Article data that news sites embed as JSON-LD. */
function jsonLdArticle(document: Doc): LdArticle {
  const none: LdArticle = { headline: null, author: null, datePublished: null, publisher: null };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const items = (
      Array.isArray(data) ? data : [data, ...((data as { '@graph'?: unknown[] })?.['@graph'] ?? [])]
    ) as Record<string, unknown>[];
    const article = items.find(
      (i) => typeof i?.['@type'] === 'string' && /Article|Report|Posting/.test(i['@type'] as string),
    );
    if (!article) continue;
    const name = (v: unknown): string | null => {
      if (typeof v === 'string') return v;
      if (Array.isArray(v)) return v.map(name).filter(Boolean).join(', ') || null;
      if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string')
        return (v as { name: string }).name;
      return null;
    };
    return {
      headline: name(article.headline),
      author: name(article.author),
      datePublished: name(article.datePublished),
      publisher: name(article.publisher),
    };
  }
  return none;
}
