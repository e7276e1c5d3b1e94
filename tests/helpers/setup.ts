// Each test file, and each test in it, gets its own QUIRE_HOME, for the faces
// a test runs (the CLI as a child process, the web server's main): what they
// store there (the coder's name as a preference, notes of open projects) never
// reaches the real user folder or another test. The engine reads no
// environment: engine tests pass an Environment (or none) instead.
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
