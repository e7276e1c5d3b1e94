import { describe, expect, it, vi } from 'vitest';

// The disk fills while the temporary file is written: the error a user sees, and what is left.
const removed: string[] = [];
vi.mock('node:fs/promises', () => ({
  writeFile: vi.fn(async () => {
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  }),
  rename: vi.fn(async () => undefined),
  rm: vi.fn(async (path: string) => void removed.push(path)),
}));

const { writeFileAtomically } = await import('../../src/main/core/export/write.ts');
const fs = await import('node:fs/promises');

describe('writing an export to a full disk', () => {
  it('says the disk is full, removes its temporary file, and never renames it over the target', async () => {
    await expect(writeFileAtomically('/reports/belarus.pdf', new Uint8Array([1, 2, 3]))).rejects.toMatchObject({
      code: 'disk_full',
      message: 'The disk is full: /reports/belarus.pdf was not written.',
    });
    expect(fs.rename).not.toHaveBeenCalled();
    expect(removed).toHaveLength(1);
    expect(removed[0]).toMatch(/^\/reports\/\.belarus\.pdf\.[0-9a-f]{8}\.part$/);
  });
});
