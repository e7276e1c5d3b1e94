import { describe, expect, it } from 'vitest';
import { anchor, type Anchor } from '../../src/main/core/coding/anchor.ts';

/** The passage as a coding stores it: quote and 32 code points of context, positions in code points. */
function passage(text: string, quote: string, occurrence = 0): Anchor {
  let i = -1;
  for (let k = 0; k <= occurrence; k++) i = text.indexOf(quote, i + 1);
  const chars = [...text];
  const start = [...text.slice(0, i)].length;
  const end = start + [...quote].length;
  return {
    start,
    end,
    quote,
    prefix: chars.slice(Math.max(0, start - 32), start).join(''),
    suffix: chars.slice(end, end + 32).join(''),
  };
}
const cover = (text: string, r: { start: number; end: number } | null) =>
  r ? [...text].slice(r.start, r.end).join('') : null;

const OLD =
  'Minsk has not deployed troops. 😀 Belarus allows Russian troops on its territory and provides logistics. Analysts say Belarus allows Russian troops to rest there.';

describe('re-anchoring a passage in changed text', () => {
  it('keeps the place when the quote is still there', () => {
    const p = passage(OLD, 'Belarus allows Russian troops on its territory');
    expect(anchor(OLD, p)).toEqual({ start: p.start, end: p.end });
  });

  it('follows the passage when text before it changed, counting code points past emoji', () => {
    const p = passage(OLD, 'Belarus allows Russian troops on its territory');
    const changed = `Breaking 👍🏽🇧🇾: ${OLD}`;
    expect(cover(changed, anchor(changed, p))).toBe('Belarus allows Russian troops on its territory');
  });

  it('tells repeated quotes apart by the text around them', () => {
    const second = passage(OLD, 'Belarus allows Russian troops', 1);
    const changed = `Update. ${OLD.replace('Minsk has', 'Minsk still has')}`;
    const found = anchor(changed, second)!;
    expect(cover(changed, found)).toBe('Belarus allows Russian troops');
    expect([...changed].slice(0, found.start).join('').endsWith('Analysts say ')).toBe(true);
  });

  it('finds a passage whose words were lightly edited', () => {
    const p = passage(OLD, 'provides logistics');
    const changed = OLD.replace('provides logistics', 'provides logistic support');
    expect(cover(changed, anchor(changed, p))).toMatch(/^provides logistic/);
  });

  it('gives up, rather than guess, when the passage is gone', () => {
    const p = passage(OLD, 'Belarus allows Russian troops on its territory');
    const changed = 'An entirely different article about grain exports through the Black Sea ports.';
    expect(anchor(changed, p)).toBeNull();
  });
});
