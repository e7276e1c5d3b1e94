// The dates read without chrono must be read exactly as chrono reads them: where the fast path answers, chrono
// gives the same day, place and text; where it cannot be sure, it leaves the line to chrono.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { chronoDay, mayHoldFullDate, plainDayAt } from '../../src/main/core/corpus/importers/dates.ts';

const READ = [
  '2022-12-18',
  '2022-12-18 Andrew Higgins',
  '2022-12-18.',
  'Monday, December 19, 2022',
  'Monday December 19, 2022',
  'December 19, 2022',
  'Dec 19, 2022',
  'Dec. 19, 2022',
  'Sept 5, 2021 Reuters',
  'sep 5, 2021',
  '19 December 2022',
  'Mon, 19 Dec 2022',
  'Tuesday, 1 March 2022,',
  'May 3, 2022 John Doe',
  'June 30, 1999',
];
const LEFT_TO_CHRONO = [
  '2022-12-18 at 10:30',
  '2022-12-18T10:30:00Z',
  '2022-12-18 10:30',
  'December 19, 2022 at 10:30 am',
  'December 19, 2022 Monday',
  '19 December 2022 10:30 GMT',
  'February 30, 2022',
  '1799-01-01',
  'December 19 2022, 10:30',
  '2022-12-18 monday',
  'In spring 2021, Belarusian Defense Minister',
];

describe('dates read without chrono', () => {
  it('gives the day, place and text chrono gives, for every common form it reads', () => {
    for (const s of READ) {
      const plain = plainDayAt(s);
      expect(plain, s).not.toBeNull();
      expect(plain, s).toEqual(chronoDay(s));
    }
  });

  it('leaves to chrono what a time, a weekday after it or an impossible day could change', () => {
    for (const s of LEFT_TO_CHRONO) expect(plainDayAt(s), s).toBeNull();
  });
});

describe('lines chrono is not asked about', () => {
  // chrono itself, unfiltered: whether it finds a date with its day, month and year all written anywhere in s.
  const chrono = createRequire(import.meta.url)('chrono-node/en') as typeof import('chrono-node/en');
  const fullDate = (s: string) =>
    chrono.strict.parse(s).some((found) => (['year', 'month', 'day'] as const).every((c) => found.start.isCertain(c)));

  it('are never lines in which chrono finds a whole date, in any form it reads', () => {
    const weekdays = ['', 'Thursday ', 'Thu, ', 'tues. '];
    const days = ['3', '03', '3rd', 'third', 'twenty-first', 'the 21st of'];
    const months = ['March', 'Mar', 'Mar.', 'Sept', 'sep', 'MAY'];
    const years = ['2022', '22', "'22", '1999'];
    const lines: string[] = [
      '3rdMarch2022',
      'Mar3,2022',
      '2022-03-03',
      '3/4/2022',
      '3.4.2022',
      '12/25/22',
      '2022/03/03',
    ];
    for (const w of weekdays)
      for (const d of days)
        for (const m of months)
          for (const y of years)
            lines.push(`${w}${d} ${m} ${y}`, `${w}${m} ${d}, ${y}`, `${w}${d} ${m}, ${y} 10:45 GMT`, `${y}-${m}-${d}`);
    const read = lines.filter(fullDate);
    // The forms are real: chrono reads a whole date in hundreds of them.
    expect(read.length).toBeGreaterThan(300);
    for (const s of read) expect(mayHoldFullDate(s), s).toBe(true);
  });

  it('are the lines of an article that hold no whole date', () => {
    for (const s of [
      'Tuesday, 1 March',
      '2004: An Irish Athletics Year',
      '17% of their editorial staff.',
      '2000 GMT',
      'Mark Lewis-Francis says his Olympic success has made him determined to bag 100m gold.',
    ]) {
      expect(fullDate(s), s).toBe(false);
      expect(mayHoldFullDate(s), s).toBe(false);
      expect(chronoDay(s), s).toBeNull();
    }
  });
});
