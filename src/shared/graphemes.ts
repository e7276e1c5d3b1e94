// Characters as a reader sees them: a letter with its accents, an emoji with its skin tone or family members, a
// flag. Cutting inside one would leave half of it.

/** Made at its first use: making it loads ICU's break rules (about 13 ms), which a command that never cuts text does not pay. */
let segmenter: Intl.Segmenter | null = null;

/** The characters of `text` as a reader sees them (extended grapheme clusters, the same in every language). */
export function graphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(text);
}
