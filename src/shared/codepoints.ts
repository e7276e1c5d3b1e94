// Positions in Quire are Unicode code points into a document's stored text.
// JavaScript strings index UTF-16 code units; these convert between the two.

/** How many code points `s` holds (a surrogate pair counts once). */
export function countCodePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
