// Metadata carried by the plain text of a scraped article: headline, byline,
// outlet, date, URL. What the text does not clearly say stays null; nothing
// is guessed from body prose. Dates come only from the first few lines or from
// explicitly labelled lines ("Published: …"), never from a copyright notice.
import { shortenAtWord } from '../../../shared/text.ts';
import { chronoDay, plainDayAt } from './importers/dates.ts';

export interface TextMetadata {
  title: string | null;
  author: string | null;
  published: string | null; // 'YYYY-MM-DD'
  source: string | null;
  url: string | null;
}

const HEADER_LINES = 5; // the first non-empty lines, where headers live
const TAIL_LINES = 8; // the last non-empty lines, where contributor notes live
const MAX_META_LINE = 200; // longer lines are prose

export function extractMetadata(text: string): TextMetadata {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const found: Found = { dates: [] };

  lines.forEach((line, i) => {
    if (line.length > MAX_META_LINE || COPYRIGHT.test(line)) return;
    readLine(line, i < HEADER_LINES, found);
  });
  for (const line of lines.slice(-TAIL_LINES)) found.lateAuthor ??= contributorNote(line);
  found.lateAuthor ??= aboutTheAuthor(text);

  const date =
    found.dates.find((d) => d.kind === 'labelled') ??
    found.dates.find((d) => d.kind === 'header') ??
    found.dates.find((d) => d.kind === 'updated');

  return {
    title: titleOf(lines),
    author: found.author ?? found.lateAuthor ?? null,
    published: date?.date ?? null,
    source: found.source ?? copyrightOwner(lines) ?? null,
    url: lines.map(urlOf).find((u) => u !== null) ?? null,
  };
}

interface Found {
  dates: { date: string; kind: 'labelled' | 'header' | 'updated' }[];
  author?: string;
  lateAuthor?: string | null;
  source?: string;
}

// ---------------------------------------------------------------------------
// Header lines: "- The Washington Times - Monday, December 19, 2022",
// "By JANE DOE, Reuters", "Jane Doe | Reuters", "date 2022-12-18 Andrew Higgins"

type Segment =
  | { kind: 'date'; date: string; how: 'labelled' | 'header' | 'updated'; names: string[] }
  | { kind: 'byline'; names: string[]; source: string | null }
  | { kind: 'agency' | 'outlet' | 'person'; name: string }
  | { kind: 'other' };

function readLine(line: string, inHeader: boolean, found: Found): void {
  const segments = line
    .replace(/^[-–—|·•]\s+/, '')
    .split(/\s+[-–—|·•]\s+/)
    .map((s) => classify(s, inHeader));
  const isHeader =
    inHeader &&
    segments.every((s) => s.kind !== 'other') &&
    segments.some((s) => s.kind === 'date' || s.kind === 'byline' || (s.kind === 'agency' && segments.length > 1));

  for (const s of segments) {
    if (s.kind === 'date') {
      found.dates.push({ date: s.date, kind: s.how });
      if (s.names.length > 0) found.author ??= listNames(s.names);
    }
    if (!isHeader) continue;
    if (s.kind === 'byline') {
      found.author ??= listNames(s.names);
      if (s.source) found.source ??= s.source;
    } else if (s.kind === 'person') {
      found.author ??= s.name;
    } else if (s.kind === 'agency' || s.kind === 'outlet') {
      found.source ??= s.name;
    }
  }
}

const DATE_LABEL =
  /^(date|dated|published(?: on| at)?|first published(?: on)?|posted(?: on)?|(?:last )?updated(?: on| at)?|last modified(?: on)?)\b[\s:.\-–—]*/i;

// What may follow a date in a date-only segment: punctuation, a time zone.
const DATE_REST = /^[\s,.;:()]*(?:[A-Z]{2,5})?[\s.)]*$/;

function classify(segment: string, inHeader: boolean): Segment {
  const s = segment.trim();
  const label = DATE_LABEL.exec(s);
  if (label) {
    const d = dateAt(s.slice(label[0].length));
    if (!d) return { kind: 'other' };
    const how = /updated|modified/i.test(label[1]) ? 'updated' : 'labelled';
    const people = names(d.rest.replace(/^\s*by\s+/i, ''));
    // "Published on 18 May 2022, the report said…" is a sentence, not a label.
    const sentence = !DATE_REST.test(d.rest) && people.length === 0 && (d.rest.length > 40 || /[.!?]$/.test(d.rest));
    return sentence ? { kind: 'other' } : { kind: 'date', date: d.date, how, names: people };
  }
  if (!inHeader) return { kind: 'other' };
  const d = dateAt(s);
  if (d && DATE_REST.test(d.rest)) {
    return { kind: 'date', date: d.date, how: 'header', names: [] };
  }
  const byline = /^by\s+(.+)$/i.exec(s);
  if (byline) return parseByline(byline[1]);
  if (isAgency(s)) return { kind: 'agency', name: agencyName(s) };
  if (isOutlet(s)) return { kind: 'outlet', name: s };
  const person = personName(s);
  if (person) return { kind: 'person', name: person };
  return { kind: 'other' };
}

/**
 * The people a byline names, as "Jane Doe and John Roe" ("JANE DOE" → "Jane
 * Doe"), or null when it names nobody: for bylines that pages give in their
 * own metadata.
 */
export function bylinePeople(byline: string): string | null {
  const b = parseByline(byline);
  return b.kind === 'byline' ? listNames(b.names) : null;
}

/** "Jane Doe and John Roe", "JANE DOE, Reuters", "Jane Doe, Moscow correspondent" */
function parseByline(rest: string): Segment {
  const parts = rest.split(/\s*[,;]\s*|\s+and\s+|\s*&\s*/);
  const people: string[] = [];
  for (const p of parts) {
    const n = personName(p);
    if (!n) break;
    people.push(n);
  }
  if (people.length === 0) return { kind: 'other' };
  const next = parts[people.length];
  return { kind: 'byline', names: people, source: next && isAgency(next) ? agencyName(next) : null };
}

// ---------------------------------------------------------------------------
// Dates

/**
 * How a date at a segment's start begins, as chrono reads English dates: a digit, a weekday or a month, named in
 * full or cut short but not followed by another letter ("Mark Lewis-Francis says…" begins no date). Anything else
 * cannot be a date there, so chrono (slow to load, slow to run) is not asked. Not "the": chrono reads "the 3rd
 * of March 2022" from its "3rd", so the date it finds never starts a segment that starts with "the" (every sentence
 * of an article's first lines that begins "The" and holds a digit was read by chrono for nothing).
 */
const DATE_START =
  /^(?:\d|(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z]))/i;

/** A full date (day, month and year all written) at the start of `s`. */
function dateAt(s: string): { date: string; rest: string } | null {
  // A date with its year written has a digit, and starts as a date does; chrono is slow, skip the rest.
  if (!/\d/.test(s) || !DATE_START.test(s.trimStart())) return null;
  const found = plainDayAt(s) ?? chronoDay(s);
  return found && found.index === 0 ? { date: found.date, rest: s.slice(found.text.length) } : null;
}

// ---------------------------------------------------------------------------
// People and outlets

const PARTICLES = new Set(['von', 'van', 'der', 'den', 'de', 'da', 'di', 'du', 'del', 'la', 'le', 'al', 'bin', 'ibn']);
const NOT_NAMES = new Set(
  (
    'The A An This That These Those It He She We They I You His Her Its Our Their In On At For And But Or Of To ' +
    'From With As If So Mr Mrs Ms Dr Staff Reporter Editor Editors Opinion Analysis News ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July ' +
    'August September October November December'
  ).split(' '),
);
const NAME_WORD = /^(?:\p{Lu}\.|\p{Lu}[\p{L}'’-]*\p{L}\.?)$/u;

/** "Jane Doe", "JANE DOE" (→ "Jane Doe"), "Ursula von der Leyen": 2–4 capitalised words. */
function personName(raw: string): string | null {
  const s = raw.trim().replace(/[\s,.;:]+$/, '');
  const words = s.split(/\s+/);
  const capitalised = words.filter((w) => !PARTICLES.has(w));
  if (capitalised.length < 2 || capitalised.length > 4 || words.length > 6) return null;
  if (PARTICLES.has(words[0]) || PARTICLES.has(words[words.length - 1])) return null;
  if (!capitalised.every((w) => NAME_WORD.test(w) && !NOT_NAMES.has(w.replace(/\.$/, '')))) return null;
  if (s !== s.toUpperCase()) return s;
  return s.toLowerCase().replace(/\p{L}+/gu, (w) => w[0].toUpperCase() + w.slice(1));
}

/** Every part of a list of people ("A, B and C"), or none. */
function names(s: string): string[] {
  if (s.trim() === '') return [];
  const parts = s.trim().split(/\s*,\s*|\s+and\s+|\s*&\s*/);
  const people = parts.map(personName);
  return people.every((p) => p !== null) ? (people as string[]) : [];
}

/** Made at its first use: making it loads ICU's list patterns (about 15 ms), which every import and listing paid. */
let listFormat: Intl.ListFormat | null = null;
/** "Jane Doe", "Jane Doe and John Roe", "Jane Doe, John Roe, and Ann Poe". */
export function listNames(people: readonly string[]): string {
  listFormat ??= new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });
  return listFormat.format(people);
}

const AGENCIES = new Map(
  [
    'Reuters',
    'Associated Press',
    'AP',
    'AFP',
    'Agence France-Presse',
    'Bloomberg',
    'dpa',
    'Xinhua',
    'TASS',
    'Interfax',
    'UPI',
    'PA Media',
    'EFE',
    'ANSA',
    'Kyodo',
    'Yonhap',
    'BelTA',
    'Ukrinform',
    'RIA Novosti',
    'Anadolu',
  ].map((a) => [a.toLowerCase(), a]),
);
export function isAgency(s: string): boolean {
  return AGENCIES.has(
    s
      .trim()
      .replace(/[.,;:]+$/, '')
      .toLowerCase(),
  );
}
function agencyName(s: string): string {
  return (
    AGENCIES.get(
      s
        .trim()
        .replace(/[.,;:]+$/, '')
        .toLowerCase(),
    ) ?? s.trim()
  );
}

const OUTLET_WORD =
  /\b(Times|News|Post|Journal|Herald|Tribune|Guardian|Telegraph|Gazette|Daily|Press|Media|Agency|Radio|TV|Television|Review|Observer|Independent|Monitor|Chronicle|Magazine|Weekly|Standard|Express|Mail|Insider|Wire|Service|Network|Broadcasting|Online)\b/;
const SMALL_WORDS = new Set(['of', 'and', 'the', 'for', 'in', 'on', 'de', 'la', 'le', '&']);

/** "The Washington Times", "Kyiv Post", "Radio Free Europe": capitalised, with an outlet word or "The". */
function isOutlet(s: string): boolean {
  const words = s.trim().split(/\s+/);
  if (words.length > 8 || !(/^The\s/.test(s) || OUTLET_WORD.test(s))) return false;
  return words.every((w) => SMALL_WORDS.has(w) || /^[\p{Lu}\p{N}]/u.test(w));
}

// ---------------------------------------------------------------------------
// Contributor notes at the end of an article

const ROLE =
  /\b(analyst|journalist|correspondent|reporter|writer|editor|researcher|fellow|professor|columnist|contributor|author)s?\b/i;

/** "— Mike Glenn can be reached at …", "Reporting by Jane Doe; Editing by …", "By Jane Doe" */
function contributorNote(line: string): string | null {
  if (line.length > 200) return null; // a note, not a paragraph; also keeps the lazy pattern below from backtracking
  const reach = /^(?:[-–—•*·]\s*)?(.+?)\s+(?:can|may)\s+be\s+(?:reached|contacted)\b/i.exec(line);
  if (reach) return listOrNull(names(reach[1]));
  const reporting = /^(?:additional\s+)?(?:reporting|reported|written)\s+by\s+([^;.]+)/i.exec(line);
  if (reporting) return listOrNull(names(reporting[1]));
  const byline = /^by\s+(.+)$/i.exec(line);
  return byline && line.length <= 100 ? bylinePeople(byline[1]) : null;
}

/** Last paragraph "Nikola Mikovic is a political analyst in Serbia. …" */
function aboutTheAuthor(text: string): string | null {
  const last = lastParagraph(text);
  const m = /^(.+?)\s+is\s+(?:a|an|the)\s+([^.\n]{0,150})/u.exec(last);
  if (!m || !ROLE.test(m[2])) return null;
  return personName(m[1]);
}

/** The text after the last blank line, found from the end without splitting the whole text. */
function lastParagraph(text: string): string {
  const t = text.trimEnd();
  let end = t.length;
  while (end > 0) {
    const nl = t.lastIndexOf('\n', end - 1);
    if (nl < 0) break;
    if (t.slice(nl + 1, end).trim() === '') return t.slice(end).trim();
    end = nl;
  }
  return t.trim();
}

function listOrNull(people: string[]): string | null {
  return people.length > 0 ? listNames(people) : null;
}

// ---------------------------------------------------------------------------
// Title, URL, copyright

const CAPTION =
  /\b(?:Photo|Photograph|Picture|Image|Illustration|Credit)s?\s*:|\bPhoto(?:graph)? by\b|\((?:Reuters|AP|AFP|EPA|Getty Images|File photo)\)|\/\s*(?:AFP|Reuters|AP|Getty Images|EPA)\b/i;
const DATELINE = /^\p{Lu}[\p{Lu} .'-]+,?(?:\s[^—–]{0,40})?\s[—–]\s/u; // "WARSAW, Poland — …"

function titleOf(lines: string[]): string | null {
  const first = lines[0];
  if (first === undefined) return null;
  const heading = /^#\s+(.+?)(?:\s+#+)?$/.exec(first);
  if (heading) return heading[1];
  if (lines.length < 2) return null; // a title is followed by something
  const words = first.split(/\s+/).length;
  if (first.length > MAX_META_LINE || words > 30) return null;
  if (/(?<!\.\.)\.$/.test(first)) return null; // a sentence, not a headline
  if (CAPTION.test(first) || DATELINE.test(first) || COPYRIGHT.test(first) || urlOf(first) !== null) return null;
  const probe: Found = { dates: [] }; // a byline or date line is not a title
  readLine(first, true, probe);
  if (probe.dates.length > 0 || probe.author !== undefined || probe.source !== undefined) return null;
  return first;
}

/** A line that is a URL, or "Source: https://…", "Originally published at https://…". */
function urlOf(line: string): string | null {
  const m =
    /^(?:(?:source|url|link|originally published (?:at|on|in)|first published (?:at|on|in)|read more(?: at)?|available at)\s*:?\s*)?<?(https?:\/\/\S+?)>?[.,;)]?$/i.exec(
      line,
    );
  return m && URL.canParse(m[1]) ? m[1] : null;
}

// "Copyright © 2023 …", "© Reuters", "(c) 2023 …"; not "Copyright law says …".
const COPYRIGHT = /^(?:copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4})/i;
const COMPANY_SUFFIX = /,?\s+(?:LLC|L\.L\.C|Inc|Ltd|Limited|PLC|GmbH|Corp|Corporation|Co|Company|S\.A|AG)\.?$/i;

/** "Copyright © 2023 The Washington Times, LLC. Click here…" → "The Washington Times" */
function copyrightOwner(lines: string[]): string | null {
  for (const line of lines) {
    if (!COPYRIGHT.test(line)) continue;
    const m = /^(?:copyright\s*)?(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(.*)$/i.exec(line);
    if (!m) continue;
    const owner = m[1]
      .split(/\.\s+|\s+[|·—–-]\s+|\ball rights reserved\b/i)[0]
      .replace(COMPANY_SUFFIX, '')
      .replace(/[\s.,;:]+$/, '');
    const words = owner.split(/\s+/).length;
    if (owner !== '' && words <= 8 && /^[\p{Lu}\p{N}]/u.test(owner)) return owner;
  }
  return null;
}

// ---------------------------------------------------------------------------
// A title derived from the text, for a document in which no headline was found

/** How much of a text's opening a derived title is read from (the rest is never needed). */
export const DERIVED_TITLE_OPENING = 800;
const DERIVED_TITLE_MAX = 90; // characters: a headline's length, not a paragraph's
const HEADLINE_WORDS = 14;

/**
 * What to call a document whose text has no headline: its first line of prose
 * (skipping photo captions, bylines, date and outlet lines, addresses and
 * copyright notices), if that line is headline-like, else its first sentence
 * with a dateline ("WARSAW, Poland — ") left off; either way shortened at a
 * word boundary with "…". Null for a text with no such line. Reads only the
 * text's opening, so it is cheap to compute for every document in a list.
 */
export function derivedTitle(opening: string): string | null {
  const lines = opening
    .slice(0, DERIVED_TITLE_OPENING)
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '');
  // The last line may be cut short by the opening's end; it is used only if it is the only one left.
  const line = lines.find((l) => /\p{L}/u.test(l) && !isNotProse(l));
  if (!line) return null;
  const words = line.split(' ').length;
  if (words <= HEADLINE_WORDS && !/(?<!\.\.)\.$/.test(line)) return shortenAtWord(line, DERIVED_TITLE_MAX);
  const prose = line.replace(DATELINE, '');
  const sentence = /^.+?[.!?](?=\s+["“‘(]?\p{Lu}|$)/u.exec(prose)?.[0] ?? prose;
  return shortenAtWord(sentence.replace(/\.$/, ''), DERIVED_TITLE_MAX);
}

/** A caption, byline, date, outlet, address or copyright line: what a derived title skips. */
function isNotProse(line: string): boolean {
  if (
    line.length <= MAX_META_LINE &&
    (CAPTION.test(line) || COPYRIGHT.test(line) || urlOf(line) !== null || isAgency(line))
  )
    return true;
  const probe: Found = { dates: [] };
  readLine(line, true, probe);
  return probe.dates.length > 0 || probe.author !== undefined || probe.source !== undefined;
}
