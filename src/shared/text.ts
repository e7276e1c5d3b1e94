// Small wording helpers every layer uses (engine messages, reports, the CLI, the renderer).

/** "1 passage", "3 passages"; the plural form when it is not just one + "s". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A text shortened for a message or a label: whitespace folded to single
 * spaces, and cut to at most `max` characters (whole characters, never half
 * a surrogate pair) with "…".
 */
export function clip(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > max ? `${chars.slice(0, Math.max(1, max - 1)).join('')}…` : flat;
}
