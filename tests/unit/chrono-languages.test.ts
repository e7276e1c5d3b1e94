// chrono-node is loaded a language at a time: an import that reads English dates loads English alone, and another
// language is loaded on the first date read in it (the whole package took five times as long to load).
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { isoDate } from '../../src/main/core/corpus/importers/dates.ts';

const { cache } = createRequire(import.meta.url);
/** chrono-node's files loaded so far, as paths from its dist/cjs folder with forward slashes. */
const loaded = () =>
  Object.keys(cache)
    .map((file) => file.replaceAll('\\', '/'))
    .filter((file) => file.includes('/chrono-node/dist/cjs/'))
    .map((file) => file.slice(file.indexOf('/chrono-node/dist/cjs/') + '/chrono-node/dist/cjs/'.length));

it('reads an English date with English alone, and loads German only for a date in German', () => {
  expect(loaded()).toEqual([]);
  expect(isoDate('Thursday, March 3, 2022')).toBe('2022-03-03');
  expect(loaded()).toContain('locales/en/index.js');
  expect(loaded()).not.toContain('index.js');
  expect(loaded().filter((file) => file.startsWith('locales/de/'))).toEqual([]);

  expect(isoDate('3. März 2022 Donnerstag')).toBe('2022-03-03');
  expect(loaded()).toContain('locales/de/index.js');
  expect(loaded()).not.toContain('index.js');
});
