// The dates read without chrono must be read exactly as chrono reads them: where the fast path answers, chrono
// gives the same day, place and text; where it cannot be sure, it leaves the line to chrono.
import { describe, expect, it } from 'vitest';
import { chronoDay, plainDayAt } from '../../src/main/core/corpus/importers/dates.ts';

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
