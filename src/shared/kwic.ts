// The concordance's lines on a screen (no schema here: the renderer imports it without zod).

/**
 * A concordance's lines are brought to a screen in blocks of this many, counting from its first line: each block
 * holding lines by their place has a stamp of its documents' texts (the concordance's `stamps`), given back when
 * their text is asked for.
 */
export const KWIC_TEXT_BLOCK = 500;
