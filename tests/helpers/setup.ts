// Each test file, and each test in it, gets its own QUIRE_HOME, so what a
// test stores there (the coder's name as a preference) never reaches the real
// user folder or another test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'quire-home-'));
process.env.QUIRE_HOME = root;

beforeEach(() => {
  process.env.QUIRE_HOME = mkdtempSync(join(root, 'test-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});
