import { observer } from 'mobx-react-lite';
import { useVirtualizer } from '@tanstack/react-virtual';
import { flushSync } from 'react-dom';
import { memo, useEffect, useEffectEvent, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { Code, CodingMark, Span } from '../../../shared/api.ts';
import { spansToUtf16, toCodePointOffset, toUtf16Index } from '../../../shared/codepoints.ts';
import { labelText } from '../../../shared/colour.ts';
import { initials, shortenAtWord, visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';
import { CodingPopover, CodingsAt } from './CodingPopover.tsx';
import { CaretMark, EdgeHandles, rangeOf, textIndex, useCaret, type AfterPlacing } from './ReaderCaret.tsx';
import { blockAt, Blocks, codePointLength, lanesOf, linesOf, type Block } from './blocks.ts';

/**
 * How a piece covered by `codings` is drawn: the first coder's codings as a
 * tint (stripes where they overlap), and, when two coders are compared, the
 * second coder's as coloured underlines, so each coder's passages stay
 * distinguishable where they meet.
 */
function pieceStyle(
  codings: readonly CodingMark[],
  colourOf: (c: CodingMark) => string,
  isSecond: (c: CodingMark) => boolean,
) {
  const second = codings.filter(isSecond);
  const underlines = second.map((c, i) => `inset 0 -${3 * (i + 1)}px 0 ${colourOf(c)}`).join(', ');
  return {
    background: background(second.length ? codings.filter((c) => !isSecond(c)) : codings, colourOf),
    boxShadow: underlines || undefined,
  };
}

function background(codings: readonly CodingMark[], colourOf: (c: CodingMark) => string): string | undefined {
  if (!codings.length) return undefined;
  const tint = (c: CodingMark) => `color-mix(in srgb, ${colourOf(c)} 32%, transparent)`;
  if (codings.length === 1) return tint(codings[0]!);
  // Overlapping codings: diagonal stripes, one band per code, so each stays visible.
  const bands = codings.map((c, i) => `${tint(c)} ${i * 6}px ${(i + 1) * 6}px`).join(', ');
  return `repeating-linear-gradient(135deg, ${bands})`;
}

/** The name of the highlight that marks the passage the coding popover is for (styled as ::highlight(coding-pending)). */
const PENDING_HIGHLIGHT = 'coding-pending';

/** Texts with more lines than this render only the lines near the view. */
const VIRTUAL_FROM = 400;
/** How many lines beyond those in view are drawn: a few as the text opens, the rest in the next frame. */
const OVERSCAN = 12;
const FIRST_OVERSCAN = 2;
/**
 * How long (ms) a line asked for (a hit, a coding) is waited for while the lines near it are drawn and measured, from
 * the first frame after the request (however many frames that takes): then the pane says it could not be shown.
 */
const REVEAL_WAIT = 5000;

/** How long (ms) the coding popover waits for the engine to store a coding before it closes anyway. */
const ANSWER_WAIT = 150;

/** Lanes of stripes (LANES, in blocks.ts) beside the text, each LANE_STEP px apart; labels stand left of the last one. */
const LANE_STEP = 7;
/** A code's name on a label: at most this many characters, cut at a word. */
const MARGIN_NAME = 40;

/** Where a line's stripes stand beside it and how its labels are stacked, as measured once the line is drawn. */
interface Placing {
  /** Each coding's stripe (by coding id): its top and height beside the line, in px. */
  stripes: ReadonlyMap<number, { top: number; height: number }>;
  /** Each label's distance below its stripe's top (by coding id): more than 0 where the label before pushed it down. */
  labels: ReadonlyMap<number, number>;
  /** The margin's height that holds the stack of labels (none without labels). */
  minHeight: number | undefined;
}

/**
 * Places the stripes and labels of the lines just drawn, in one pass over them: every line is measured first (one
 * layout of the page), then every stripe, label and margin is set on the page. Written straight onto the elements React
 * drew (which never set these properties), not drawn a second time through React: the lines show placed in the very
 * drawing that puts them on the page, before the browser paints it.
 */
class Placer implements AfterPlacing {
  private readonly queue = new Set<() => (() => void) | null>();
  /** What is measured once these lines stand placed (the caret). */
  private readonly then: (() => void)[] = [];
  /** Places a line's stripes with the next flush (its measuring returns what to write, or null when it is gone). */
  add(measure: () => (() => void) | null): void {
    if (!this.queue.size) queueMicrotask(() => this.flush());
    this.queue.add(measure);
  }
  /** Runs `place` once the lines waiting are placed; at once when none is. */
  after(place: () => void): void {
    if (this.queue.size) this.then.push(place);
    else place();
  }
  /** Whether lines wait to be placed. */
  get pending(): boolean {
    return this.queue.size > 0;
  }
  flush(): void {
    if (!this.queue.size) return;
    const measures = [...this.queue];
    this.queue.clear();
    for (const write of measures.map((measure) => measure())) write?.();
    for (const place of this.then.splice(0)) place();
  }
}

/**
 * Stacks a line's labels like comment balloons: each at its stripe's top, or
 * just below the label before it when that one is still there, never on top of
 * it; the margin grows to hold the stack, so the next line's labels start below.
 * `labels` are the codings labelled here with their labels' heights, in the order drawn.
 */
function stackLabels(
  stripes: ReadonlyMap<number, { top: number }>,
  labels: readonly { id: number; height: number }[],
): Pick<Placing, 'labels' | 'minHeight'> {
  const placed = new Map<number, number>();
  let bottom = -Infinity;
  for (const { id, height } of [...labels].sort((a, b) => stripes.get(a.id)!.top - stripes.get(b.id)!.top)) {
    const stripeTop = stripes.get(id)!.top;
    const top = Math.max(stripeTop, bottom + 2);
    placed.set(id, top - stripeTop);
    bottom = top + height;
  }
  return { labels: placed, minHeight: labels.length ? Math.max(0, bottom) : undefined };
}

/**
 * Sets a line's stripes and labels where `place` says, on the elements drawn in its margin: each stripe beside its
 * pieces (at least 14px tall; at the top when none of its pieces is drawn), each label below the one before it, and the
 * margin tall enough for the stack.
 */
function placeStripes(margin: HTMLElement, place: Placing): void {
  for (const stripe of margin.children as HTMLCollectionOf<HTMLElement>) {
    const id = Number(stripe.dataset.coding);
    const { top, height } = place.stripes.get(id) ?? { top: 0, height: 0 };
    stripe.style.top = `${top}px`;
    stripe.style.height = `${Math.max(height, 14)}px`;
    const label = stripe.firstElementChild as HTMLElement | null;
    if (!label) continue;
    const below = place.labels.get(id) ?? 0;
    label.style.top = `${below}px`;
    label.classList.toggle('moved', below > 0);
  }
  margin.style.minHeight = place.minHeight === undefined ? '' : `${place.minHeight}px`;
}

/** The codings on a line, in the order their pieces come. */
function codingsOn(block: Block): CodingMark[] {
  const on = new Set<CodingMark>();
  for (const p of block.pieces) for (const c of p.codings) on.add(c);
  return [...on];
}

interface BlockProps {
  block: Block;
  index: number;
  active: number;
  colourOf: (c: CodingMark) => string;
  nameOf: (c: CodingMark) => string;
  /** True for the second coder's codings when two coders are compared. */
  isSecond: (c: CodingMark) => boolean;
  /** A stripe's label: the code, with the coder's initials when two coders are compared. */
  labelOf: (c: CodingMark) => string;
  /** Places the stripes of the lines drawn together, in one pass. */
  placer: Placer;
}

/** One line: its text with codings and hits, and beside it the stripes of the codings on it. */
const TextBlock = memo(function TextBlock({
  block,
  index,
  active,
  colourOf,
  nameOf,
  isSecond,
  labelOf,
  placer,
}: BlockProps) {
  const lineRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const marginRef = useRef<HTMLDivElement>(null);
  const here = useMemo(() => codingsOn(block), [block]);
  const placedAt = useRef(-1);
  // Stripes and labels are placed once the line is drawn (where its pieces stand and how tall the labels are is the
  // browser's): everything is read first, in one layout of the page, then placed; nothing is read after a write.
  const measure = useEffectEvent((): (() => void) | null => {
    const line = lineRef.current;
    const text = textRef.current;
    const margin = marginRef.current;
    if (!line || !text || !margin) return null;
    placedAt.current = line.clientWidth;
    const extent = new Map<number, { top: number; bottom: number }>();
    const pieces = text.querySelectorAll<HTMLElement>('[data-codings]');
    block.pieces
      .filter((p) => p.codings.length)
      .forEach((p, k) => {
        const node = pieces[k];
        if (!node) return;
        const top = node.offsetTop;
        const bottom = top + node.offsetHeight;
        for (const c of p.codings) {
          const e = extent.get(c.id);
          extent.set(c.id, {
            top: Math.min(e?.top ?? Infinity, top),
            bottom: Math.max(e?.bottom ?? -Infinity, bottom),
          });
        }
      });
    // A label's height is its name's, wherever it stands.
    const labels = [...margin.querySelectorAll<HTMLElement>('.gutter-label')].map((label) => ({
      id: Number(label.parentElement!.dataset.coding),
      height: label.offsetHeight,
    }));
    const stripes = new Map([...extent].map(([id, e]) => [id, { top: e.top, height: e.bottom - e.top }]));
    const place: Placing = {
      stripes,
      ...stackLabels(
        stripes,
        labels.filter((l) => stripes.has(l.id)),
      ),
    };
    return () => placeStripes(margin, place);
  });
  useLayoutEffect(() => placer.add(measure), [block, labelOf, placer]);
  // And again when the line's width changes (the pane's, the margin's): only then (its height, which the stripes and
  // labels set, changes too, and it reports its size once when first observed).
  useLayoutEffect(() => {
    const line = lineRef.current;
    if (!line) return;
    const observer = new ResizeObserver(() => line.clientWidth !== placedAt.current && measure()?.());
    observer.observe(line);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={lineRef} className="block" data-index={index} data-start={block.start}>
      <div ref={marginRef} className="block-margin" aria-hidden="true">
        {here.map((coding) => {
          const first = coding.start >= block.codePoint; // the label stands on the line where the coding starts
          const lane = block.lanes.get(coding.id) ?? 0;
          const colour = colourOf(coding);
          // Its top and height, and its label's, are the placer's (placeStripes), set before the browser paints it.
          return (
            <div
              key={coding.id}
              className={isSecond(coding) ? 'stripe second' : 'stripe'}
              data-coding={coding.id}
              data-coder={coding.coder}
              title={`${nameOf(coding)} (${visible(coding.coder)})${coding.memo ? `\n${coding.memo}` : ''}`}
              style={{
                right: lane * LANE_STEP,
                ['--code' as string]: colour,
                ['--lane' as string]: lane,
              }}
            >
              {/* Horizontal, in the gutter left of the stripes, in black or white, whichever reads on the code's colour; the memo mark inside it, never over it. */}
              {first && (
                <span className="gutter-label" style={{ background: colour, color: labelText(colour) }}>
                  <span className="name">
                    {labelOf(coding)}
                    {coding.memo && <i className="memo-mark">✎</i>}
                  </span>
                </span>
              )}
            </div>
          );
        })}
      </div>
      <div ref={textRef} className="block-text">
        {block.pieces.map((p, i) => {
          const text = p.doubtful ? (
            <span className="ocr-doubt" title="OCR was unsure of this word: check it against the picture">
              {p.text}
            </span>
          ) : (
            p.text
          );
          const inner = p.codings.length ? (
            <span
              key={i}
              data-codings={p.codings.map((c) => c.id).join(',')}
              className="coded"
              style={pieceStyle(p.codings, colourOf, isSecond)}
              title={p.codings.map((c) => `${nameOf(c)} (${visible(c.coder)})`).join(', ')}
            >
              {text}
            </span>
          ) : (
            text
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
    </div>
  );
});

const NO_SPANS: Span[] = [];

/** Each code's colour, for its codings. */
function colours(codes: readonly Code[]): (c: CodingMark) => string {
  const byId = new Map(codes.map((c) => [c.id, c.colour]));
  return (c: CodingMark) => byId.get(c.codeId) ?? '#888888';
}

/** Each code's name as it is shown (in margin labels and tooltips, hidden characters written out), for its codings. */
function names(codes: readonly Code[]): (c: CodingMark) => string {
  const byId = new Map(codes.map((c) => [c.id, visible(c.name)]));
  return (c: CodingMark) => byId.get(c.codeId) ?? '';
}

/**
 * A document's text with its codings (colours; margin stripes with labels)
 * and the search's hits. Long texts render only the lines near the view.
 */
export const CodedText = observer(function CodedText({
  documentId,
  text,
  hits,
  doubtful = NO_SPANS,
  active,
  focusCoding,
  scrollRequest,
  scrollElement,
}: {
  documentId: number;
  text: string;
  hits: Span[];
  /** Words OCR was unsure of, marked for checking. */
  doubtful?: Span[];
  active: number;
  focusCoding: number | null;
  scrollRequest: number;
  scrollElement: () => HTMLElement | null;
}) {
  const { coding, coderView, library } = useStore();
  const all = coding.codingsOf(documentId);
  // Whose codings show: everyone's, the coder's own (blind coding), one coder's or two coders'.
  const shown = coderView.shown?.join('\n');
  const hidden = coding.hiddenCodes;
  // The store reads which coders are shown (MobX tracks it, the hooks' rule cannot see it): `shown` stands for it here.
  // The hidden codes are read once (an observable array, each read of which MobX would track), not once per coding.
  const codings = useMemo(
    () => {
      const shownCodings = coderView.filter(all);
      const off = new Set(hidden);
      return off.size ? shownCodings.filter((c) => !off.has(c.codeId)) : shownCodings;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [coderView, all, shown, hidden],
  );
  const view = coderView.view;
  // A new function when the view changes, so the memoised blocks draw again (the store reads the view, which MobX tracks).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const isSecond = useMemo(() => (c: CodingMark) => coderView.isSecond(c), [coderView, view]);
  const codes = coding.codes;
  // The codebook is read again after every coding (its counts change): the lines are drawn again only when a code's
  // colour or name changes, so applying a code redraws the lines it touches and no others.
  const looks = codes.map((c) => `${c.id}\t${c.colour}\t${c.name}`).join('\n');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const colourOf = useMemo(() => colours(codes), [looks]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const nameOf = useMemo(() => names(codes), [looks]);
  // Where the codings shown are several coders', each label says whose it is (as the report's do).
  const severalCoders = new Set(codings.map((c) => c.coder)).size > 1;
  // A long name is shortened at a word (the stripe's tooltip gives it whole, with its coder): labels stay a few lines.
  const labelOf = useMemo(() => {
    const short = (c: CodingMark) => shortenAtWord(nameOf(c), MARGIN_NAME);
    return (c: CodingMark) =>
      view.mode === 'two' || severalCoders ? `${visible(initials(c.coder))} · ${short(c)}` : short(c);
  }, [view, nameOf, severalCoders]);
  const lines = useMemo(() => linesOf(text), [text]);
  // Once per text, with its lines: counting a long article's characters on every drawing cost more than drawing the
  // lines a coding touched, and counting them apart from its lines scanned the whole text twice as it opened.
  const length = useMemo(() => codePointLength(lines, text), [lines, text]);
  const lanes = useMemo(() => lanesOf(codings), [codings]);
  // The blocks drawn last: a line that draws the same keeps its block, and its memoised TextBlock is not drawn again.
  // Lines are cut as they are drawn: a long text cuts only those near the view.
  const [drawn] = useState(() => ({ text, blocks: null as Blocks | null }));
  const blocks = useMemo(() => {
    const next = new Blocks(text, lines, codings, hits, doubtful, lanes, drawn.text === text ? drawn.blocks : null);
    Object.assign(drawn, { text, blocks: next });
    return next;
  }, [drawn, text, lines, codings, hits, doubtful, lanes]);
  const container = useRef<HTMLDivElement>(null);
  // The lines drawn in a drawing ask for their stripes to be placed in their own layout effects, which run before the
  // text's: the text's layout effect below places them all at once (and, should a line be drawn alone, the microtask
  // after its drawing does).
  const [placer] = useState(() => new Placer());
  const [scrollMargin, setScrollMargin] = useState(0);
  const virtual = blocks.length > VIRTUAL_FROM;
  // The pane's size as the text is first drawn, read once: the first drawing already holds the lines in view (without
  // it the virtualizer draws no line, measures the pane after that drawing, and the lines come in a second one).
  const [initialRect] = useState(() => {
    const pane = scrollElement();
    return { width: pane?.clientWidth ?? 0, height: pane?.clientHeight ?? 0 };
  });
  // The first drawing holds the lines in view and a couple beyond, so that the text shows sooner; the lines further
  // out (which the user reaches only by scrolling) are drawn in the frame after it.
  const [overscan, setOverscan] = useState(FIRST_OVERSCAN);
  useEffect(() => {
    if (overscan === OVERSCAN) return;
    const frame = requestAnimationFrame(() => setOverscan(OVERSCAN));
    return () => cancelAnimationFrame(frame);
  }, [overscan]);
  const virtualizer = useVirtualizer({
    count: virtual ? blocks.length : 0,
    initialRect,
    getScrollElement: scrollElement,
    estimateSize: (i) => 26 * Math.max(1, Math.ceil((lines.lines[i]!.end - lines.lines[i]!.start) / 70)),
    overscan,
    scrollMargin,
  });
  // Where the text starts in the pane (below the notices and orphans above it), for the virtualizer: read with the lines
  // drawn, in the layout their measuring makes (reading it while drawing made the browser lay out the page once more,
  // before the drawing changed it again); the text drawn again only when it moved.
  // After the virtualizer's own layout effects, which read the pane's size: its stripes placed after that, not before.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(() => {
    if (!placer.pending) return;
    const top = container.current?.offsetTop ?? 0;
    placer.flush();
    // Only a new value: the same one, set from here, would still have React draw the text once more to find it unchanged.
    if (top !== scrollMargin) setScrollMargin(top);
  });
  const [pending, setPending] = useState<{
    start: number;
    end: number;
    quote: string;
    x: number;
    y: number;
    top: number;
    range: Range;
  } | null>(null);
  /** The passage whose popover is shown now (read when the engine answers for an earlier one). */
  const shownPassage = useRef(pending);
  useLayoutEffect(() => void (shownPassage.current = pending), [pending]);
  const [inspect, setInspect] = useState<{
    codings: CodingMark[];
    x: number;
    y: number;
    at: number | null;
    memo: boolean;
  } | null>(null);

  // The popover's field takes the focus, and with it the browser's selection: the passage being coded
  // stays marked (a custom highlight, no change to the text) until the popover closes.
  useLayoutEffect(() => {
    if (!pending || typeof Highlight === 'undefined') return;
    CSS.highlights.set(PENDING_HIGHLIGHT, new Highlight(pending.range));
    return () => void CSS.highlights.delete(PENDING_HIGHLIGHT);
  }, [pending]);

  /**
   * Brings a UTF-16 position into view (rendering its line first when only some lines are rendered), then `then` on the
   * element. A line far from those drawn may take a few frames to be drawn (the lines on the way are measured as they
   * come, and the text may have been drawn this very moment): it is asked for again each frame until it is there, for
   * REVEAL_WAIT at most, then `failed`. A newer request (or the text going) ends the wait without a word.
   */
  const revealing = useRef(0);
  const reveal = (
    at: number,
    find: (root: HTMLElement) => HTMLElement | null,
    then: (el: HTMLElement) => void,
    failed: () => void,
  ) => {
    const index = blockAt(lines.lines, at);
    const request = ++revealing.current;
    let until = 0;
    const look = () => {
      if (request !== revealing.current || !container.current) return;
      const el = find(container.current);
      if (el) return then(el);
      until ||= performance.now() + REVEAL_WAIT;
      if (performance.now() > until) return failed();
      if (virtual) virtualizer.scrollToIndex(index, { align: 'center' });
      requestAnimationFrame(look);
    };
    if (virtual) virtualizer.scrollToIndex(index, { align: 'center' });
    requestAnimationFrame(look);
  };

  // The hit asked for comes into view once per request: an effect event reads the text and hits as they are, and the
  // effect runs again only for a new request, not when the hits or the text change under the reader. A coding asked
  // for has the request (the pane asks for no hit until the user steps to one).
  const revealHit = useEffectEvent(() => {
    if (focusCoding !== null || active < 0 || !hits[active]) return;
    const [start] = hits[active]!;
    // A hit past the end of the text is said, never scrolled to nowhere.
    if (start >= length) return coding.notInView(documentId, { hit: active }, 'past the end');
    reveal(
      spansToUtf16(text, [hits[active]!])[0]![0],
      (root) => root.querySelector<HTMLElement>(`mark[data-hit="${active}"]`),
      (el) => {
        el.scrollIntoView({ block: 'center' });
        coding.revealed(documentId);
      },
      () => coding.notInView(documentId, { hit: active }),
    );
  });
  useLayoutEffect(() => revealHit(), [active, scrollRequest]);

  // A coding asked for (from the segments view, the matrix, a memo…): into view, briefly marked, once per request (the
  // codings may arrive after the request; later changes to them must not mark it again). One the reader does not draw
  // is asked of the engine once per request, and the pane says why it is not shown (deleted, hidden, another coder's…).
  const handledRequest = useRef(-1);
  const askedEngine = useRef(-1);
  const revealCoding = useEffectEvent(() => {
    if (focusCoding === null || handledRequest.current === scrollRequest) return;
    const target = codings.find((c) => c.id === focusCoding);
    if (!target) {
      if (askedEngine.current === scrollRequest) return;
      const request = (askedEngine.current = scrollRequest);
      const current = () => askedEngine.current === request && handledRequest.current < request;
      void coding.missing(documentId, focusCoding, current).then((said) => {
        if (said) handledRequest.current = request;
      });
      return;
    }
    handledRequest.current = scrollRequest;
    reveal(
      spansToUtf16(text, [[target.start, target.end]])[0]![0],
      (root) =>
        [...root.querySelectorAll<HTMLElement>('[data-codings]')].find((el) =>
          el.dataset.codings!.split(',').map(Number).includes(target.id),
        ) ?? null,
      (el) => {
        el.scrollIntoView({ block: 'center' });
        el.classList.add('flash');
        coding.revealed(documentId);
        // The mark's own timer, never cancelled: it goes even if the codings change meanwhile.
        setTimeout(() => el.classList.remove('flash'), 1500);
      },
      () => coding.notInView(documentId, { coding: target.id }),
    );
  });
  useLayoutEffect(() => revealCoding(), [focusCoding, scrollRequest, codings]);

  /** The selection as code points of the text, or null when nothing inside it is selected. */
  const selected = () => {
    const selection = window.getSelection();
    const root = container.current;
    if (!selection || selection.isCollapsed || !root || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!root.contains(range.startContainer) || !root.contains(range.endContainer)) return null;
    const a = textIndex(range.startContainer, range.startOffset);
    const b = textIndex(range.endContainer, range.endOffset);
    if (a === null || b === null || a >= b) return null;
    return passage(range, a, b);
  };

  /** A passage to code, placed where its words are on screen (UTF-16 `a`–`b` of the text). */
  const passage = (range: Range, a: number, b: number) => {
    const rect = range.getBoundingClientRect();
    return {
      start: toCodePointOffset(text, a),
      end: toCodePointOffset(text, b),
      quote: text.slice(a, b),
      x: rect.left,
      y: rect.bottom,
      top: rect.top,
      range: range.cloneRange(),
    };
  };

  // The caret and its keys: coding from the keyboard, and a coding's edges held to move.
  const keys = useCaret(container, text, length, codings, {
    code: (start, end) => {
      const range = container.current && rangeOf(container.current, text, start, end);
      if (!range || library.readOnly) return;
      setInspect(null);
      setPending(passage(range, toUtf16Index(text, start), toUtf16Index(text, end)));
    },
    inspect: (here, at, memo) => {
      const rect = container.current && rangeOf(container.current, text, at, at)?.getBoundingClientRect();
      setInspect({ codings: here, x: rect?.left ?? 0, y: rect?.bottom ?? 0, at, memo });
    },
  });
  const held = keys.held && codings.find((c) => c.id === keys.held!.id);
  /** Back to the text when a popover closes, so the keys go on from the caret. */
  const backToText = () => requestAnimationFrame(() => container.current?.focus());

  const onMouseUp = (e: MouseEvent) => {
    keys.followMouse(e.clientX, e.clientY);
    const s = selected();
    if (s && coding.placing?.documentId === documentId) {
      // The user is placing an orphaned coding: this selection is its passage.
      void coding.place(s.start, s.end);
      window.getSelection()?.removeAllRanges();
      return;
    }
    // A read-only project offers no coding: the selection stays a selection, to copy.
    if (s && !library.readOnly) {
      setInspect(null);
      setPending(s);
      return;
    }
    if (s) return;
    const target = (e.target as HTMLElement).closest<HTMLElement>('[data-codings]');
    if (!target) return setInspect(null);
    const ids = target.dataset.codings!.split(',').map(Number);
    const r = document.caretRangeFromPoint?.(e.clientX, e.clientY);
    const at = r ? textIndex(r.startContainer, r.startOffset) : null;
    setInspect({
      codings: codings.filter((c) => ids.includes(c.id)),
      x: e.clientX,
      y: e.clientY,
      at: at === null ? null : toCodePointOffset(text, at),
      memo: false,
    });
  };

  const items = virtual
    ? virtualizer.getVirtualItems()
    : Array.from({ length: blocks.length }, (_, index) => ({ index, start: 0, key: index }));
  return (
    <>
      <div
        ref={container}
        className="doc-text coded-text"
        data-document={documentId}
        data-hits={hits.length}
        data-coded={codings.length}
        onMouseUp={onMouseUp}
        tabIndex={0}
        role="textbox"
        aria-readonly="true"
        aria-multiline="true"
        aria-label="Document text: arrows move the caret, Shift+arrows select, S a sentence, P a paragraph, Enter codes the selection"
        onKeyDown={keys.onKeyDown}
      >
        <div style={virtual ? { height: virtualizer.getTotalSize(), position: 'relative' } : undefined}>
          {items.map((item) => (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtual ? virtualizer.measureElement : undefined}
              style={
                virtual
                  ? {
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`,
                    }
                  : undefined
              }
            >
              <TextBlock
                block={blocks.at(item.index)}
                index={item.index}
                active={active}
                colourOf={colourOf}
                nameOf={nameOf}
                isSecond={isSecond}
                labelOf={labelOf}
                placer={placer}
              />
            </div>
          ))}
        </div>
        {keys.caret && keys.caret.anchor === keys.caret.focus && (
          <CaretMark root={container} text={text} at={keys.caret.focus} revision={blocks} placing={placer} />
        )}
        {held && (
          <EdgeHandles
            root={container}
            text={text}
            coding={held}
            edge={keys.held!.edge}
            revision={blocks}
            onMoved={(k) => k && keys.setHeld({ id: k.id, edge: keys.held!.edge })}
          />
        )}
      </div>
      {/* The popovers stand outside the text, whose mouseup would otherwise close them before a click lands. */}
      {pending && (
        <CodingPopover
          at={pending}
          quote={pending.quote}
          onApply={(code) => {
            const passage = pending;
            let closed = false;
            const close = () => {
              if (closed) return;
              closed = true;
              clearTimeout(wait);
              // Another passage selected meanwhile has its own popover, selection and focus: they stay.
              if (shownPassage.current !== passage) return;
              window.getSelection()?.removeAllRanges();
              // Back to the text before the popover goes: its field is never removed while it holds the focus (the
              // browser would work out where the focus goes, with events and a layout of its own).
              container.current?.focus({ preventScroll: true });
              flushSync(() => {
                keys.setCaret({ anchor: passage.end, focus: passage.end });
                setPending((now) => (now === passage ? null : now));
              });
            };
            const wait = setTimeout(close, ANSWER_WAIT);
            void coding.apply(documentId, passage.start, passage.end, code, close);
          }}
          onClose={() => {
            setPending(null);
            backToText();
          }}
        />
      )}
      {inspect && (
        <CodingsAt
          at={inspect}
          codings={inspect.codings}
          point={inspect.at}
          focusMemo={inspect.memo}
          onHold={(k) => {
            keys.setHeld({ id: k.id, edge: 'end' });
            setInspect(null);
            coding.announce(
              `Moving the end of ‘${coding.code(k.codeId)?.name ?? ''}’: drag a handle, or ← and → to move it by a word; [ and ] switch edges; Escape when done.`,
            );
            backToText();
          }}
          onClose={() => {
            setInspect(null);
            backToText();
          }}
        />
      )}
    </>
  );
});
