// The starter codebook offered with the sample corpus: the stance dimension
// on Belarus's role and a few themes. An ordinary codebook, freely editable.
import type { Db } from '../db/open.ts';
import { createCode, createCodeGroup } from './codebook.ts';
import { everyone } from '../viewer.ts';
import { coderId } from './coders.ts';

const STANCES = [
  {
    name: 'Belarus neutral',
    colour: '#4363d8',
    description: 'The source presents Belarus as neutral, a mediator, or resisting involvement.',
  },
  {
    name: 'Belarus complicit',
    colour: '#f58231',
    description:
      'The source presents Belarus as enabling the invasion (territory, logistics, support) without fighting.',
  },
  {
    name: 'Belarus co-belligerent',
    colour: '#e6194b',
    description: 'The source presents Belarus as a party to the war, or about to join the fighting.',
  },
];

const THEMES = [
  {
    name: 'Russian troops in Belarus',
    colour: '#911eb4',
    description: 'Russian forces, bases, exercises or equipment on Belarusian territory.',
  },
  {
    name: 'Public opinion in Belarus',
    colour: '#3cb44b',
    description: 'What Belarusians think of the war: polls, protests, emigration, sabotage.',
  },
  { name: 'Sanctions', colour: '#9a6324', description: 'Sanctions on Belarus or Russia and their effects.' },
  {
    name: 'Lukashenko and Putin',
    colour: '#469990',
    description: 'Meetings, pressure and dependence between the two leaders.',
  },
];

export function addStarterCodebook(db: Db): void {
  const coder = coderId(db, 'Quire');
  const stances = STANCES.map((s) => createCode(db, coder, s, everyone()).id);
  createCodeGroup(
    db,
    coder,
    {
      name: 'Belarus role',
      exclusive: true,
      description: "What the source claims Belarus's role in Russia's war on Ukraine is: one value per passage.",
      codeIds: stances,
    },
    everyone(),
  );
  for (const theme of THEMES) createCode(db, coder, theme, everyone());
}
