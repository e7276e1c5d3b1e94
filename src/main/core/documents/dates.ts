/**
 * Turns a date filter (YYYY, YYYY-MM or YYYY-MM-DD) into inclusive bounds that
 * compare correctly with stored 'YYYY-MM-DD' dates: a year or month as the
 * lower bound starts at its first day, as the upper bound ends at its last.
 */
export function dateBounds(from: string | null, to: string | null): { from: string | null; to: string | null } {
  return { from: from ? expand(from, 'start') : null, to: to ? expand(to, 'end') : null };
}

function expand(date: string, side: 'start' | 'end'): string {
  const [y, m, d] = date.split('-');
  if (d) return date;
  if (m) return side === 'start' ? `${y}-${m}-01` : `${y}-${m}-${String(daysInMonth(+y!, +m)).padStart(2, '0')}`;
  return side === 'start' ? `${y}-01-01` : `${y}-12-31`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
