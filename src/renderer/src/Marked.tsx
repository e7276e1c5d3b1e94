import type { MarkedText } from '../../shared/api.ts';

/** Renders text with its hit ranges as <mark>; the text is never parsed as HTML. */
export function Marked({ value }: { value: MarkedText }) {
  const chars = [...value.text];
  const parts: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const [start, end] of value.marks) {
    if (start > at) parts.push({ text: chars.slice(at, start).join(''), hit: false });
    parts.push({ text: chars.slice(start, end).join(''), hit: true });
    at = end;
  }
  parts.push({ text: chars.slice(at).join(''), hit: false });
  return <>{parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</>;
}
