import type { MarkedText, Span } from '../../../shared/api.ts';
import { spansToUtf16 } from '../../../shared/codepoints.ts';
import { visible } from '../../../shared/text.ts';

/** Splits text at code-point spans into plain and marked runs. */
export function segments(text: string, spans: readonly Span[]): { text: string; mark: number }[] {
  const units = spansToUtf16(text, spans);
  const out: { text: string; mark: number }[] = [];
  let at = 0;
  units.forEach(([a, b], i) => {
    if (a < at) return; // overlapping spans: the first one wins
    if (a > at) out.push({ text: text.slice(at, a), mark: -1 });
    out.push({ text: text.slice(a, b), mark: i });
    at = b;
  });
  if (at < text.length) out.push({ text: text.slice(at), mark: -1 });
  return out;
}

/**
 * Text with its hits as <mark>; the text is only ever rendered as text, never
 * parsed as HTML. A name (`name`) has its hidden characters written out.
 */
export function Marked({ value, name = false }: { value: MarkedText; name?: boolean }) {
  const shown = (text: string) => (name ? visible(text) : text);
  return (
    <>
      {segments(value.text, value.marks).map((s, i) =>
        s.mark >= 0 ? <mark key={i}>{shown(s.text)}</mark> : <span key={i}>{shown(s.text)}</span>,
      )}
    </>
  );
}
