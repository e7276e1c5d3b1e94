// Page numbers and kinds of furniture as an English list in warnings
// ("Pages 2, 4 and 6"), so the messages read as plain sentences.

export const listFormat = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** "Page 3", "Pages 3 and 5", "Pages 2, 4 and 6". */
export function pageList(numbers: number[]): string {
  const list = listFormat.format(numbers.map(String));
  return numbers.length === 1 ? `Page ${list}` : `Pages ${list}`;
}
