import { createRequire } from 'node:module';

// chrono-node with every language it reads takes a tenth of a second to load, its English alone a fifth of that:
// each language is loaded on the first date read in it, not by every command that opens a project, nor by every
// import that reads English dates only.
type Locale = 'en' | (typeof LOCALES)[number];
const loadedLocales = new Map<Locale, typeof import('chrono-node/en')>();
const requireHere = createRequire(import.meta.url);
function chrono(locale: Locale = 'en'): typeof import('chrono-node/en') {
  let loaded = loadedLocales.get(locale);
  if (!loaded)
    loadedLocales.set(locale, (loaded = requireHere(`chrono-node/${locale}`) as typeof import('chrono-node/en')));
  return loaded;
}

/**
 * A date or date-time string from a file's metadata → 'YYYY-MM-DD', or null
 * when it is not a date. The day is the one written: "Aug 17, 2010 11:30 PM
 * EDT" is the 17th wherever Quire runs, as the publisher dated it, never
 * moved by a time zone to the day before or after.
 */
export function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const s = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return isoDay(+m[1]!, +m[2]!, +m[3]!);
  if (!/\d{4}/.test(s)) return null; // no year written: not a date to keep (and chrono is slow)
  return chronoDay(s)?.date ?? otherLanguages(s);
}

/** Languages besides English that dates in metadata are written in ("3. März 2022", "3 марта 2022"), tried in turn. */
const LOCALES = ['de', 'fr', 'es', 'it', 'nl', 'pt', 'ru', 'uk', 'sv'] as const;

/** A short metadata value in another language → its day, when one locale reads a whole date in it. */
function otherLanguages(s: string): string | null {
  if (s.length > 80 || !/\p{L}{3}/u.test(s)) return null; // numbers only: English already read them
  for (const locale of LOCALES) {
    const found = chrono(locale).strict.parse(s)[0];
    if (found && (['year', 'month', 'day'] as const).every((c) => found.start.isCertain(c))) {
      return isoDay(found.start.get('year')!, found.start.get('month')!, found.start.get('day')!);
    }
  }
  return null;
}

/**
 * The first date written in `s`, with its day, month and year all written
 * (and the day one that exists, in 1800 or later), where it stands in `s` and
 * its text; null when the first date chrono finds is not such a date.
 */
export function chronoDay(s: string): { date: string; index: number; text: string } | null {
  if (!mayHoldFullDate(s)) return null;
  const found = chrono().strict.parse(s)[0];
  if (!found || !(['year', 'month', 'day'] as const).every((c) => found.start.isCertain(c))) return null;
  // 03/04/2022 could be March or April: do not pick one.
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}/.exec(found.text);
  if (numeric && numeric[1] !== numeric[2] && Number(numeric[1]) <= 12 && Number(numeric[2]) <= 12) return null;
  const year = found.start.get('year')!;
  const date = year >= 1800 ? isoDay(year, found.start.get('month')!, found.start.get('day')!) : null;
  return date ? { date, index: found.index, text: found.text } : null;
}

/**
 * Whether `s` has what a date chrono reads with its day, month and year all written needs: a month named (chrono
 * reads "3rdMarch2022" too, so anywhere, not as a word) with a day and a year (two numbers, or a number and a day
 * written as a word, "twenty-first of March 2022"), or three numbers ("2022-03-03", "3/4/2022"). Chrono's first
 * call takes about 50 ms (it makes its patterns), and every call runs each of its parsers over the whole string:
 * most lines an import asks about ("Tuesday, 1 March", "2004: a year to forget") are answered here without it.
 */
export function mayHoldFullDate(s: string): boolean {
  const numbers = s.match(NUMBERS)?.length ?? 0;
  return numbers >= 3 || (MONTH_ANYWHERE.test(s) && (numbers >= 2 || (numbers === 1 && DAY_WORD.test(s))));
}
const NUMBERS = /\d+/g;
const MONTH_ANYWHERE = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
// The ordinal words chrono reads as a day: first… twelfth, thirteenth… nineteenth, twentieth, thirtieth (and
// "twenty-first" by its "first").
const DAY_WORD = /first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|teenth|tieth/i;

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?';
/** The commonest dates at a line's start: 2022-12-18, December 19, 2022, 19 December 2022 (a weekday before them or not). */
const PLAIN_DAYS: readonly [RegExp, (m: RegExpExecArray) => [number, string, number]][] = [
  [/^(\d{4})-(\d{2})-(\d{2})/, (m) => [+m[1]!, m[2]!, +m[3]!]],
  [new RegExp(`^${WEEKDAY}${MONTH}\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})`, 'i'), (m) => [+m[3]!, m[1]!, +m[2]!]],
  [new RegExp(`^${WEEKDAY}(\\d{1,2})\\s+${MONTH}\\.?,?\\s+(\\d{4})`, 'i'), (m) => [+m[3]!, m[2]!, +m[1]!]],
];
/** What may follow a plain date for it to be read without chrono: nothing, punctuation, or a capitalised word that is no time, weekday or month. */
const PLAIN_REST =
  /^(?:[\s,.;)]*$|\s+(?!(?:at|am|pm|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)\p{Lu}\p{Ll})/iu;

/**
 * A date of one of the commonest forms at the start of `s`, read as chrono reads it but without loading chrono
 * (a fifth of a second: `quire list` derives titles past date lines); null for any other form, which chrono then reads.
 */
export function plainDayAt(s: string): { date: string; index: number; text: string } | null {
  for (const [form, parts] of PLAIN_DAYS) {
    const m = form.exec(s);
    if (!m || !PLAIN_REST.test(s.slice(m[0].length))) continue;
    const [year, month, day] = parts(m);
    const monthNumber = /^\d+$/.test(month)
      ? Number(month)
      : MONTH_NAMES.findIndex((n) => n.startsWith(month.toLowerCase())) + 1;
    const date = year >= 1800 ? isoDay(year, monthNumber, day) : null;
    return date ? { date, index: 0, text: m[0] } : null;
  }
  return null;
}

/** A year, month (1–12) and day → 'YYYY-MM-DD', or null when that day does not exist (30 February) or the year is not four digits. */
export function isoDay(y: number, m: number, d: number): string | null {
  if (y < 0 || y > 9999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
