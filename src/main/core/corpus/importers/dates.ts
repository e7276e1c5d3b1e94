import * as chrono from 'chrono-node';

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
  if (m) return validDate(+m[1]!, +m[2]!, +m[3]!);
  if (!/\d{4}/.test(s)) return null; // no year written: not a date to keep (and chrono is slow)
  const found = chrono.strict.parse(s)[0];
  if (!found || !(['year', 'month', 'day'] as const).every((c) => found.start.isCertain(c))) return null;
  // 03/04/2022 could be March or April: do not pick one.
  const numeric = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}/.exec(found.text);
  if (numeric && numeric[1] !== numeric[2] && Number(numeric[1]) <= 12 && Number(numeric[2]) <= 12) return null;
  return validDate(found.start.get('year')!, found.start.get('month')!, found.start.get('day')!);
}

function validDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
