import { describe, expect, it } from 'vitest';
import { contrastRatio, labelText, luminance } from '../../src/shared/colour.ts';

describe('label text on a code colour', () => {
  it('computes the WCAG relative luminance and contrast ratio', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 10);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    // WCAG's own example pairs: #777777 on white is just under AA, #767676 just over.
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('picks black on light colours and white on dark ones, reaching AA (4.5:1) on every colour', () => {
    expect(labelText('#ffe119')).toBe('#000000'); // the light yellow whose white label read 1.3:1
    expect(labelText('#911eb4')).toBe('#ffffff');
    for (let r = 0; r < 256; r += 17)
      for (let g = 0; g < 256; g += 17)
        for (let b = 0; b < 256; b += 17) {
          const colour = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
          expect(contrastRatio(colour, labelText(colour))).toBeGreaterThanOrEqual(4.5);
        }
  });
});
