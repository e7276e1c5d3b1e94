// The stores hear the engine's events instead of asking: an export's progress
// as it runs, and changes made elsewhere (the desktop menu's import or merge,
// another tab), which reload what shows them; their own changes they reload once.
import { describe, expect, it, vi } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { PdfPrinter } from '../../src/main/core/export/pdf.ts';
import type { ExportProgress } from '../../src/shared/api.ts';
import { RootStore } from '../../src/renderer/src/stores/RootStore.ts';
import { engineClient } from '../helpers/client.ts';
import { createTestProject } from '../helpers/project.ts';

describe('the stores and the engine’s events', () => {
  it('show an export’s progress from the engine’s events, never asking for it', async () => {
    const p = await createTestProject();
    let release!: () => void;
    const printing = new Promise<void>((r) => (release = r));
    let printed!: () => void;
    const reached = new Promise<void>((r) => (printed = r));
    p.printer = (async () => {
      printed();
      await printing;
      return new TextEncoder().encode('%PDF-1.7');
    }) satisfies PdfPrinter;
    const client = engineClient(p);
    const asked = vi.spyOn(client, 'exportProgress');
    const root = new RootStore(client);
    const exporting = root.exporting.run(() => undefined);
    // While the printer has the report: the last step the engine told (the fifth document read).
    await reached;
    expect(root.exporting.progress).toEqual({
      running: true,
      done: 4,
      total: 5,
      current: expect.any(String),
    } satisfies ExportProgress);
    expect(root.exporting.busy).toBe(true);
    release();
    await exporting;
    expect(root.exporting.progress).toBeNull();
    expect(root.exporting.done).toMatch(/^Exported /);
    expect(asked).not.toHaveBeenCalled();
    root.stop();
  });

  it('reload what shows a change made elsewhere; a change of their own is not reloaded twice', async () => {
    const p = await createTestProject();
    const client = engineClient(p);
    const root = new RootStore(client);
    await root.start();
    const codebook = vi.spyOn(client, 'getCodebook');

    // The desktop menu merges or imports through the engine, with no mark of this window.
    await call(p, 'createCode', { name: 'From elsewhere' });
    await expect.poll(() => root.coding.codes.map((c) => c.name)).toContain('From elsewhere');
    await call(p, 'importUploads', {
      files: [{ name: 'late.txt', base64: Buffer.from('A late wire story about Minsk.').toString('base64') }],
    });
    await expect.poll(() => root.library.total).toBe(6);

    codebook.mockClear();
    // Its event is told before the call answers, and a reload would ask for the codebook at once: none did.
    await root.coding.createCode('Mine');
    expect(root.coding.codes.map((c) => c.name)).toContain('Mine');
    expect(codebook).toHaveBeenCalledTimes(1);
    root.stop();
  });
});
