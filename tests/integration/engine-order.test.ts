// The engine loads each domain's handlers on its first call. A call made while one loads must not be overtaken:
// a read made after a write sees the write, whichever domains they belong to. (Its own file: a fresh engine,
// with no domain loaded but those this test loads.)
import { expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { createTestProject } from '../helpers/project.ts';

it('starts calls in the order they were made while a domain is still loading', async () => {
  const p = await createTestProject({ seeds: false });
  expect(await call(p, 'history', {})).toEqual([]); // the history's domain is loaded; the notes' is not
  const [note, entries] = await Promise.all([
    call(p, 'createNote', { kind: 'journal', title: 'Pilot', text: 'Decided: a denial is coded neutral.' }),
    call(p, 'history', {}),
  ]);
  expect(note.title).toBe('Pilot');
  expect(entries).toHaveLength(1);
});
