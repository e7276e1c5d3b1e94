import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/helpers/setup.ts'],
    // The tests run `quire` as users do, from its build: a build older than the sources is made again first.
    globalSetup: ['tests/helpers/build-cli.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A test that asserts nothing proves nothing: it fails. expect.poll waits on a condition, up to 10 s on a busy
    // machine (not the 1 s default: an export preview took longer under load), and only as long as it takes.
    expect: { requireAssertions: true, poll: { timeout: 10_000 } },
  },
});
