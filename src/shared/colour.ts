// Code colours as the codebook stores them (#rrggbb). A colour that reaches a
// report or a chart by another road is checked here, so it can never break
// out of a style attribute or an SVG attribute.

/** The colour when it is #rrggbb, else a neutral grey. */
export const safeColour = (colour: string): string => (/^#[0-9a-f]{6}$/i.test(colour) ? colour : '#888888');

/** A colour's relative luminance (WCAG 2.x): 0 for black, 1 for white. */
export function luminance(colour: string): number {
  const hex = safeColour(colour);
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** The WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour for a label on a code's colour: black or white, whichever
 * contrasts more. One of the two always reaches WCAG AA's 4.5:1 (the worst
 * case, a mid grey, still gives 4.6:1), so every label is legible on every colour.
 */
export function labelText(background: string): '#000000' | '#ffffff' {
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#ffffff') ? '#000000' : '#ffffff';
}
