// The files an import will read are kept as folders and names, not a string per path: every path must come back
// as it went in, read in order, out of order, or from several places at once as an import reads them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathList } from '../../src/main/core/corpus/files.ts';
import { prng } from '../../fixtures/random.ts';

describe('a list of paths', () => {
  it('gives back every path as it was added, however it is read', () => {
    const paths: string[] = [];
    for (let f = 0; f < 7; f++)
      for (let i = 0; i < (f === 3 ? 0 : 1 + f * 13); i++) paths.push(join('/data', `folder ${f}`, `file ${i}.txt`));
    // A folder that comes again, a file given on its own, names with spaces, dots and non-ASCII letters.
    paths.push(join('/data', 'folder 1', 'later.txt'), '/elsewhere/one.md', join('/data', 'Übersicht', 'a.b.c.txt'));
    const list = PathList.of(paths);
    expect(list.length).toBe(paths.length);
    expect(list.slice(0)).toEqual(paths);
    // Ahead and behind at once, as parsing runs ahead of writing.
    for (let i = 0; i < paths.length; i++) {
      expect(list.at(i)).toBe(paths[i]);
      if (i + 25 < paths.length) expect(list.at(i + 25)).toBe(paths[i + 25]);
    }
    const random = prng(3);
    for (let n = 0; n < 500; n++) {
      const i = Math.floor(random() * paths.length);
      expect(list.at(i)).toBe(paths[i]);
    }
    expect(list.at(paths.length)).toBeUndefined();
    expect(list.at(-1)).toBeUndefined();
    expect(list.some((p) => p.endsWith('one.md'))).toBe(true);
    expect(list.some((p) => p.endsWith('none.md'))).toBe(false);
  });

  it('takes more paths after it was read', () => {
    const list = new PathList();
    list.push('/a/1.txt');
    expect(list.at(0)).toBe('/a/1.txt');
    list.push('/a/2.txt');
    list.push('/b/3.txt');
    expect(list.slice(0)).toEqual(['/a/1.txt', '/a/2.txt', '/b/3.txt']);
  });
});
