// Where a text's paragraphs are: the same for every report format (which lays
// them out) and for co-occurrence (which counts them).

/**
 * A text's paragraphs: its non-blank lines, each without leading and trailing
 * white space, as UTF-16 [start, end) ranges.
 */
export function paragraphRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const lead = /^\s*/u.exec(line)![0].length;
    const content = line.trim();
    if (content) out.push([lineStart + lead, lineStart + lead + content.length]);
    lineStart += line.length + 1;
  }
  return out;
}
