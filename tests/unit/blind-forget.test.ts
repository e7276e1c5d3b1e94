// Blind coding is blind from the moment it begins: what the panels hold was read showing every coder's work, and it is
// dropped at once — not when the engine's answers to reading it again arrive, nor never should they fail. The counts,
// which stay with their codes and documents, are hidden until they are read again.
import { describe, expect, it } from 'vitest';
import type { QuireClient } from '../../src/shared/api.ts';
import { RootStore } from '../../src/renderer/src/stores/RootStore.ts';
import { engineClient } from '../helpers/client.ts';
import { createTestProject } from '../helpers/project.ts';

/** A client whose answers wait while `gate.closed` (as a slow or stalled engine's would), or fail with `gate.fail`. */
function gated(client: QuireClient) {
  const gate: { closed: Promise<void> | null; open: () => void; fail: Set<string> } = {
    closed: null,
    open: () => {},
    fail: new Set(),
  };
  const wrapped = Object.fromEntries(
    Object.keys(client).map((m) => [
      m,
      async (input: unknown) => {
        if (gate.fail.has(m)) throw new Error(`${m} failed`);
        if (gate.closed) await gate.closed;
        return (client as unknown as Record<string, (i: unknown) => Promise<unknown>>)[m]!(input);
      },
    ]),
  ) as unknown as QuireClient;
  const close = (): void => {
    gate.closed = new Promise<void>((resolve) => (gate.open = () => resolve()));
  };
  return { wrapped, gate, close };
}

/** A project where another coder coded a passage, open in the workbench of coder Ben, every coder's work shown. */
async function bensWorkbench() {
  const client = engineClient(await createTestProject());
  const code = await client.createCode({ name: 'Troops' });
  await client.applyCode({ documentId: 2, codeId: code.id, start: 10, end: 60 });
  const { wrapped, gate, close } = gated(client);
  const root = new RootStore(wrapped, { searchDelay: 0 });
  await root.start();
  await root.coding.setCoder('Ben');
  root.analysis.show('segments');
  root.analysis.toggleCode(code.id);
  await root.analysis.refresh();
  await root.notes.load();
  return { root, gate, close, codeId: code.id };
}

describe('going blind', () => {
  it('drops the passages listed at once and hides the counts until everything is read again', async () => {
    const { root, gate, close, codeId } = await bensWorkbench();
    expect(root.analysis.segments).toHaveLength(1);
    expect(root.coding.code(codeId)?.codingCount).toBe(1);
    close();
    const going = root.coderView.setView({ mode: 'mine' });
    // Before the engine has answered anything.
    expect(root.analysis.segments).toEqual([]);
    expect(root.coderView.hiding).toBe(true);
    gate.closed = null;
    gate.open();
    await going;
    expect(root.coderView.hiding).toBe(false);
    // Read again as Ben may see it: none of his own.
    expect(root.analysis.segments).toEqual([]);
    expect(root.coding.code(codeId)?.codingCount).toBe(0);
  });

  it('keeps the counts hidden when reading them again fails', async () => {
    const { root, gate } = await bensWorkbench();
    gate.fail.add('getCodebook');
    await root.coderView.setView({ mode: 'mine' }).catch(() => undefined);
    expect(root.coderView.view).toEqual({ mode: 'mine' });
    expect(root.coderView.hiding).toBe(true);
    expect(root.analysis.segments).toEqual([]);
  });

  it('that the engine refuses leaves everything shown, as nothing changed', async () => {
    const { root, gate } = await bensWorkbench();
    gate.fail.add('setCoder');
    await root.coderView.setView({ mode: 'mine' });
    expect(root.coderView.view).toEqual({ mode: 'all' });
    expect(root.coderView.error).toBe('setCoder failed');
    expect(root.coderView.hiding).toBe(false);
    expect(root.analysis.segments).toHaveLength(1);
  });

  it('shows the counts again only after a reading that began after it', () => {
    const root = new RootStore({} as QuireClient, { searchDelay: 0 });
    const before = root.coderView.hidingMark;
    root.coderView.followEngine(true, { readBefore: true, newCoder: true });
    expect(root.coderView.hiding).toBe(true);
    root.coderView.readAgain(before);
    expect(root.coderView.hiding).toBe(true);
    root.coderView.readAgain(root.coderView.hidingMark);
    expect(root.coderView.hiding).toBe(false);
  });

  it('at start, for a coder who codes blind, hides nothing: nothing was read before', async () => {
    const client = engineClient(await createTestProject());
    const code = await client.createCode({ name: 'Troops' });
    await client.applyCode({ documentId: 2, codeId: code.id, start: 10, end: 60 });
    await client.setCoder({ blind: true });
    const root = new RootStore(client, { searchDelay: 0 });
    await root.start();
    expect(root.coderView.view).toEqual({ mode: 'mine' });
    expect(root.coderView.hiding).toBe(false);
    expect(root.coding.code(code.id)?.codingCount).toBe(1);
  });

  it('closes a comparison of other coders’ passages, and says why', async () => {
    const { root, codeId } = await bensWorkbench();
    await root.compare.choose(codeId);
    expect(root.compare.candidates).toHaveLength(1);
    await root.coderView.setView({ mode: 'mine' });
    expect(root.compare.candidates).toEqual([]);
    expect(root.compare.error).toMatch(/^The comparison was closed as blind coding began/);
  });
});
