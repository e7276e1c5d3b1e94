// The code hierarchy as the codes panel shows it, and where a drag or a
// keyboard move puts a code. Pure functions over the codebook, so they are
// tested without a browser; the engine's moveCode does the move.
import type { Code } from '../../../shared/api.ts';

export interface TreeRow {
  code: Code;
  depth: number;
}

/** A move as the engine takes it: the new parent, and the position among its other children. */
export interface Move {
  parentId: number | null;
  position: number;
}

export type DropZone = 'before' | 'inside' | 'after';

const byPosition = (a: Code, b: Code) => a.position - b.position || a.id - b.id;

/** The codes in tree order (each code followed by the codes under it), with their depth. */
export function codeTree(codes: readonly Code[]): TreeRow[] {
  const children = new Map<number | null, Code[]>();
  const known = new Set(codes.map((c) => c.id));
  for (const code of codes) {
    // A parent missing from the list (never expected) must not hide its children.
    const parent = code.parentId !== null && known.has(code.parentId) ? code.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), code]);
  }
  const rows: TreeRow[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const code of (children.get(parent) ?? []).sort(byPosition)) {
      rows.push({ code, depth });
      walk(code.id, depth + 1);
    }
  };
  walk(null, 0);
  return rows;
}

/** The children of `parentId` in order, leaving out `except` (the code being moved). */
function siblings(codes: readonly Code[], parentId: number | null, except: number): Code[] {
  return codes.filter((c) => c.parentId === parentId && c.id !== except).sort(byPosition);
}

/** Every code under `id` (children, their children…), each once even in a damaged tree. */
export function codesUnder(codes: readonly Code[], id: number): Code[] {
  const found = new Map<number, Code>();
  for (let level = [id]; level.length;) {
    const next = codes.filter(
      (c) => c.parentId !== null && level.includes(c.parentId) && c.id !== id && !found.has(c.id),
    );
    for (const c of next) found.set(c.id, c);
    level = next.map((c) => c.id);
  }
  return [...found.values()];
}

/** True when `id` is `ancestor` or lies under it. */
export function isWithin(codes: readonly Code[], id: number, ancestor: number): boolean {
  for (
    let c = codes.find((x) => x.id === id);
    c;
    c = c.parentId === null ? undefined : codes.find((x) => x.id === c!.parentId)
  ) {
    if (c.id === ancestor) return true;
  }
  return false;
}

/** Where dropping `dragged` on `over` puts it: before or after it as a sibling, or inside it as its last child. Null when that changes nothing or is impossible. */
export function dropMove(codes: readonly Code[], dragged: number, over: number, zone: DropZone): Move | null {
  const target = codes.find((c) => c.id === over);
  const moving = codes.find((c) => c.id === dragged);
  if (!target || !moving || isWithin(codes, over, dragged)) return null;
  const move: Move =
    zone === 'inside'
      ? { parentId: target.id, position: siblings(codes, target.id, dragged).length }
      : {
          parentId: target.parentId,
          position: siblings(codes, target.parentId, dragged).indexOf(target) + (zone === 'after' ? 1 : 0),
        };
  return unchanged(codes, moving, move) ? null : move;
}

/**
 * The keyboard equivalent of dragging (Alt+arrows, as in outliners): up and
 * down among siblings, right to nest under the sibling above, left to move
 * out, just after the parent.
 */
export function keyMove(
  codes: readonly Code[],
  id: number,
  key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight',
): Move | null {
  const code = codes.find((c) => c.id === id);
  if (!code) return null;
  const others = siblings(codes, code.parentId, id);
  const index = siblings(codes, code.parentId, -1).indexOf(code);
  let move: Move | null = null;
  if (key === 'ArrowUp' && index > 0) move = { parentId: code.parentId, position: index - 1 };
  if (key === 'ArrowDown' && index < others.length) move = { parentId: code.parentId, position: index + 1 };
  if (key === 'ArrowRight' && index > 0) {
    const above = others[index - 1]!;
    move = { parentId: above.id, position: siblings(codes, above.id, id).length };
  }
  if (key === 'ArrowLeft' && code.parentId !== null) {
    const parent = codes.find((c) => c.id === code.parentId)!;
    move = { parentId: parent.parentId, position: siblings(codes, parent.parentId, id).indexOf(parent) + 1 };
  }
  return move && !unchanged(codes, code, move) ? move : null;
}

function unchanged(codes: readonly Code[], code: Code, move: Move): boolean {
  return move.parentId === code.parentId && siblings(codes, code.parentId, -1).indexOf(code) === move.position;
}
