// What the coding popover offers for a filter: the codes in codebook order,
// the first nine numbered, the new code it could create, and the one choice
// Enter may take without the user moving to it. Pure, so it is tested
// without a browser.
import type { Code } from '../../../shared/api.ts';
import type { TreeRow } from './codeTree.ts';

export interface CodeChoice {
  code: Code;
  depth: number;
  /** The number key that applies it (1–9), printed beside it; null past the ninth. */
  key: number | null;
}

export interface CodeChooser {
  /** Matching codes in tree order: the numbers follow what is shown, never recent use. */
  codes: CodeChoice[];
  /** The name a new code would get (what was typed, else the selected words); empty when a code of that name exists. */
  newName: string;
  /** The index (into codes, then the create item after them) Enter takes as it is: an exact or the only match; null when that would be a guess. */
  preselected: number | null;
}

/** Longest name a code gets from selected words. */
const NAME_FROM_QUOTE = 60;

export function chooseCode(tree: readonly TreeRow[], filter: string, quote: string): CodeChooser {
  const typed = filter.trim().replace(/\s+/g, ' ');
  const f = typed.toLowerCase();
  const codes = tree
    .filter((r) => !f || r.code.name.toLowerCase().includes(f))
    .map((r, i) => ({ ...r, key: i < 9 ? i + 1 : null }));
  const name = typed || Array.from(quote.trim().replace(/\s+/g, ' ')).slice(0, NAME_FROM_QUOTE).join('').trim();
  const exact = f ? codes.findIndex((c) => c.code.name.toLowerCase() === f) : -1;
  const taken = tree.some((r) => r.code.name.toLowerCase() === name.toLowerCase());
  return { codes, newName: taken ? '' : name, preselected: exact >= 0 ? exact : f && codes.length === 1 ? 0 : null };
}

/** The item Enter moves to when nothing is highlighted: the first code shown, else the create item; null when there is neither. */
export function firstChoice(chooser: CodeChooser): number | null {
  return chooser.codes.length || chooser.newName ? 0 : null;
}
