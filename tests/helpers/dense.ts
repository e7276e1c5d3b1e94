// The densest margin a report or the reader must set: three long-named codes
// over one passage of the first seed, coded a little differently by two coders.
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';

export const LONG_CODES = [
  'Belarus as co-belligerent in the war against Ukraine',
  'Russian troops stationed on Belarusian territory',
  'Belarus complicit by letting Russia invade from its soil',
];
export const DENSE_CODERS = ['Anna Kowalska', 'Ben Okafor'];

/** Codes the dense case; the first coder's first coding gets a memo when `memo` is given. Returns the codes' ids. */
export async function codeDenseCase(p: ProjectHandle, memo?: string): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, name] of LONG_CODES.entries())
    ids.push((await call(p, 'createCode', { name, colour: ['#ffe119', '#3cb44b', '#4363d8'][i]! })).id);
  const text = (await call(p, 'getDocument', { id: 1 })).body;
  const passage = text
    .split('\n')
    .filter((l) => l.trim())[1]!
    .trim();
  const at = toCodePointOffset(text, text.indexOf(passage));
  for (const coder of DENSE_CODERS) {
    p.coder = coder;
    for (const [i, codeId] of ids.entries()) {
      // Three overlapping stretches of the one passage, the second coder's starting a little later.
      const start = at + i * 7 + (coder === DENSE_CODERS[1] ? 3 : 0);
      const { coding } = await call(p, 'applyCode', {
        documentId: 1,
        codeId,
        start,
        end: at + countCodePoints(passage) - i * 11,
      });
      if (memo && i === 0 && coder === DENSE_CODERS[0])
        await call(p, 'setMemo', { target: 'coding', id: coding.id, text: memo });
    }
  }
  return ids;
}
