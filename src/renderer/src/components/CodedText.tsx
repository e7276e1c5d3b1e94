import { observer } from 'mobx-react-lite';
import { useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { Coding, Span } from '../../../shared/api.ts';
import { spansToUtf16, toCodePointOffset } from '../../../shared/codepoints.ts';
import { useStore } from '../stores/context.tsx';
import { CodingPopover, CodingsAt } from './CodingPopover.tsx';

interface Piece {
  text: string;
  /** Codings covering this piece, outermost (earliest start) first. */
  codings: Coding[];
  /** The search hit this piece belongs to, or -1. */
  hit: number;
}

/**
 * Cuts the text at every coding and hit boundary, so each piece knows what
 * covers it: one sweep over the sorted boundaries, whatever the overlaps.
 */
export function pieces(text: string, codings: readonly Coding[], hits: readonly Span[]): Piece[] {
  const units = spansToUtf16(text, [...codings.map((c) => [c.start, c.end] as Span), ...hits]);
  type Event = { at: number; open: boolean; coding?: Coding; hit?: number };
  const events: Event[] = [];
  units.forEach(([a, b], k) => {
    const item = k < codings.length ? { coding: codings[k]! } : { hit: k - codings.length };
    events.push({ at: a, open: true, ...item }, { at: b, open: false, ...item });
  });
  events.sort((x, y) => x.at - y.at || Number(x.open) - Number(y.open));
  const out: Piece[] = [];
  let active: Coding[] = [];
  let hit = -1;
  let at = 0;
  for (const e of events) {
    if (e.at > at) {
      out.push({ text: text.slice(at, e.at), codings: active, hit });
      at = e.at;
    }
    if (e.coding) active = e.open ? [...active, e.coding] : active.filter((c) => c !== e.coding);
    else hit = e.open ? e.hit! : hit === e.hit ? -1 : hit;
  }
  if (at < text.length) out.push({ text: text.slice(at), codings: active, hit });
  return out;
}

function background(codings: readonly Coding[], colourOf: (c: Coding) => string): string | undefined {
  if (!codings.length) return undefined;
  const tint = (c: Coding) => `color-mix(in srgb, ${colourOf(c)} 32%, transparent)`;
  if (codings.length === 1) return tint(codings[0]!);
  // Overlapping codings: diagonal stripes, one band per code, so each stays visible.
  const bands = codings.map((c, i) => `${tint(c)} ${i * 6}px ${(i + 1) * 6}px`).join(', ');
  return `repeating-linear-gradient(135deg, ${bands})`;
}

interface Stripe {
  coding: Coding;
  top: number;
  height: number;
  lane: number;
}

/** A document's text with its codings (colours, margin stripes with labels) and the search's hits. */
export const CodedText = observer(function CodedText({
  documentId,
  text,
  hits,
  active,
  focusCoding,
  scrollRequest,
}: {
  documentId: number;
  text: string;
  hits: Span[];
  active: number;
  focusCoding: number | null;
  scrollRequest: number;
}) {
  const { coding } = useStore();
  const codings = coding.codingsOf(documentId);
  const colourOf = (c: Coding) => coding.code(c.codeId)?.colour ?? '#888888';
  const parts = useMemo(() => pieces(text, codings, hits), [text, codings, hits]);
  const textRef = useRef<HTMLDivElement>(null);
  const [stripes, setStripes] = useState<Stripe[]>([]);
  const [pending, setPending] = useState<{ start: number; end: number; quote: string; x: number; y: number } | null>(null);
  const [inspect, setInspect] = useState<{ codings: Coding[]; x: number; y: number } | null>(null);

  // Margin stripes: one measuring pass over the coded pieces, then lanes so overlapping stripes sit side by side.
  useLayoutEffect(() => {
    const container = textRef.current;
    if (!container) return;
    // offsetTop/offsetHeight (relative to the text, which is the offset parent) cost far less
    // than getBoundingClientRect on thousands of inline elements.
    const extent = new Map<number, { top: number; bottom: number }>();
    for (const el of container.querySelectorAll<HTMLElement>('[data-codings]')) {
      const top = el.offsetTop;
      const bottom = top + el.offsetHeight;
      for (const id of el.dataset.codings!.split(',').map(Number)) {
        const e = extent.get(id);
        extent.set(id, { top: Math.min(e?.top ?? Infinity, top), bottom: Math.max(e?.bottom ?? -Infinity, bottom) });
      }
    }
    const lanes: number[] = [];
    const placed: Stripe[] = [];
    for (const c of [...codings].sort((a, b) => a.start - b.start || b.end - a.end)) {
      const e = extent.get(c.id);
      if (!e) continue;
      let lane = lanes.findIndex((bottom) => bottom <= e.top);
      if (lane < 0) lane = lanes.length;
      lanes[lane] = e.bottom;
      placed.push({ coding: c, top: e.top, height: e.bottom - e.top, lane });
    }
    setStripes(placed);
  }, [parts, codings]);

  // A coding asked for (from the segments view or the matrix): into view, briefly marked.
  useLayoutEffect(() => {
    if (focusCoding === null || !textRef.current) return;
    const target = [...textRef.current.querySelectorAll<HTMLElement>('[data-codings]')].find((el) => el.dataset.codings!.split(',').map(Number).includes(focusCoding));
    if (!target) return;
    target.scrollIntoView({ block: 'center' });
    target.classList.add('flash');
    const timer = setTimeout(() => target.classList.remove('flash'), 1500);
    return () => clearTimeout(timer);
  }, [focusCoding, scrollRequest, parts]);

  /** The selection as code points of the text, or null when nothing inside it is selected. */
  const selected = () => {
    const selection = window.getSelection();
    const container = textRef.current;
    if (!selection || selection.isCollapsed || !container || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
    const offset = (node: Node, at: number) => {
      const before = document.createRange();
      before.setStart(container, 0);
      before.setEnd(node, at);
      return before.toString().length;
    };
    const [a, b] = [offset(range.startContainer, range.startOffset), offset(range.endContainer, range.endOffset)];
    if (a === b) return null;
    const rect = range.getBoundingClientRect();
    return { start: toCodePointOffset(text, a), end: toCodePointOffset(text, b), quote: text.slice(a, b), x: rect.left, y: rect.bottom };
  };

  const onMouseUp = (e: MouseEvent) => {
    const s = selected();
    if (s) {
      setInspect(null);
      setPending(s);
      return;
    }
    const target = (e.target as HTMLElement).closest<HTMLElement>('[data-codings]');
    if (!target) return setInspect(null);
    const ids = target.dataset.codings!.split(',').map(Number);
    setInspect({ codings: codings.filter((c) => ids.includes(c.id)), x: e.clientX, y: e.clientY });
  };

  return (
    <div className="coded-layout">
      <div className="coding-margin" aria-hidden="true">
        {stripes.map((s) => {
          const code = coding.code(s.coding.codeId);
          return (
            <div
              key={s.coding.id}
              className="stripe"
              data-coding={s.coding.id}
              title={`${code?.name ?? ''} (${s.coding.coder})${s.coding.memo ? `\n${s.coding.memo}` : ''}`}
              style={{ top: s.top, height: Math.max(s.height, 14), right: s.lane * 16, background: colourOf(s.coding) }}
            >
              <span>{code?.name}</span>
              {s.coding.memo && <i className="memo-mark">✎</i>}
            </div>
          );
        })}
      </div>
      <div ref={textRef} className="doc-text" data-document={documentId} data-hits={hits.length} data-coded={codings.length} onMouseUp={onMouseUp}>
        {parts.map((p, i) => {
          const inner = p.codings.length ? (
            <span
              key={i}
              data-codings={p.codings.map((c) => c.id).join(',')}
              className="coded"
              style={{ background: background(p.codings, colourOf) }}
              title={p.codings.map((c) => coding.code(c.codeId)?.name).join(', ')}
            >
              {p.text}
            </span>
          ) : (
            p.text
          );
          return p.hit >= 0 ? (
            <mark key={i} data-hit={p.hit} className={p.hit === active ? 'active' : undefined}>
              {inner}
            </mark>
          ) : (
            inner
          );
        })}
      </div>
      {pending && (
        <CodingPopover
          at={pending}
          quote={pending.quote}
          onApply={(code) => {
            void coding.apply(documentId, pending.start, pending.end, code);
            window.getSelection()?.removeAllRanges();
            setPending(null);
          }}
          onClose={() => setPending(null)}
        />
      )}
      {inspect && <CodingsAt at={inspect} codings={inspect.codings} onClose={() => setInspect(null)} />}
    </div>
  );
});
