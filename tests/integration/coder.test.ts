// The coder's name is a preference of the user, kept in preferences.json in
// the user data folder (each test has its own QUIRE_HOME): it holds for every
// project and across restarts; QUIRE_CODER overrides it for one process.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseCoderName, defaultCoderName } from '../../src/main/core/coding/coders.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { preferencesPath, readPreferences, userDataDir } from '../../src/main/core/preferences.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

const osUser = () => userInfo().username;
const stored = () => JSON.parse(readFileSync(preferencesPath(), 'utf8')) as Record<string, unknown>;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the coder’s name', () => {
  it('is the OS user until the user names themself; the name is then kept for every project and every start', async () => {
    vi.stubEnv('QUIRE_CODER', '');
    const first = await createTestProject({ seeds: false });
    expect(await call(first, 'getCoder', {})).toEqual({ name: osUser(), blind: false });
    expect(await call(first, 'setCoder', { name: '  Ana Kowalska ' })).toEqual({ name: 'Ana Kowalska', blind: false });
    expect(await call(first, 'getCoder', {})).toEqual({ name: 'Ana Kowalska', blind: false });
    expect(stored()).toEqual({ coder: 'Ana Kowalska' });
    expect(readdirSync(userDataDir())).toEqual(['preferences.json']); // no temporary file left behind

    // Another project in this session, and the same project after a restart.
    const other = await createTestProject({ seeds: false });
    expect(await call(other, 'getCoder', {})).toEqual({ name: 'Ana Kowalska', blind: false });
    const file = join(tempDir(), 'p.quire');
    const opened: ProjectHandle = { db: openProject(file, { create: true }), path: file };
    await call(opened, 'createCode', { name: 'Sanctions' });
    opened.db.close();
    const reopened: ProjectHandle = { db: openProject(file), path: file };
    expect(await call(reopened, 'getCoder', {})).toEqual({ name: 'Ana Kowalska', blind: false });
    expect((await call(reopened, 'history', {}))[0]).toMatchObject({ description: 'Create code “Sanctions”', coder: 'Ana Kowalska' });
    reopened.db.close();
  });

  it('gives way to QUIRE_CODER, an explicit override for one process', async () => {
    vi.stubEnv('QUIRE_CODER', 'Ben');
    const p = await createTestProject({ seeds: false });
    chooseCoderName('Ana');
    expect(await call(p, 'getCoder', {})).toEqual({ name: 'Ben', blind: false });
    // Naming oneself in a session still holds for that session, and is stored for later.
    expect(await call(p, 'setCoder', { name: 'Cleo' })).toEqual({ name: 'Cleo', blind: false });
    expect(await call(p, 'getCoder', {})).toEqual({ name: 'Cleo', blind: false });
    expect(defaultCoderName()).toBe('Ben');
    vi.stubEnv('QUIRE_CODER', '');
    expect(defaultCoderName()).toBe('Cleo');
  });

  it('survives a damaged, foreign or unreadable preferences file, and a new name repairs it', async () => {
    vi.stubEnv('QUIRE_CODER', '');
    mkdirSync(userDataDir(), { recursive: true });
    for (const content of ['{"coder": "Ana"', '[1, 2]', '{"coder": 42}', '{"coder": "   "}', '\u0000\u0001binary']) {
      writeFileSync(preferencesPath(), content);
      expect(defaultCoderName(), content).toBe(osUser());
      const p = await createTestProject({ seeds: false });
      expect(await call(p, 'getCoder', {})).toEqual({ name: osUser(), blind: false });
    }
    // Preferences a newer Quire wrote are kept when the name is stored.
    writeFileSync(preferencesPath(), JSON.stringify({ coder: 'Ana', theme: 'dark' }));
    expect(defaultCoderName()).toBe('Ana');
    chooseCoderName('Ben');
    expect(stored()).toEqual({ coder: 'Ben', theme: 'dark' });
  });

  it('is tolerated as a folder where the file should be, or a home that cannot be written', async () => {
    vi.stubEnv('QUIRE_CODER', '');
    mkdirSync(preferencesPath(), { recursive: true }); // not a file
    expect(readPreferences()).toEqual({});
    const p = await createTestProject({ seeds: false });
    expect(await call(p, 'getCoder', {})).toEqual({ name: osUser(), blind: false });
    // Storing fails, but the session codes under the chosen name.
    expect(await call(p, 'setCoder', { name: 'Ana' })).toEqual({ name: 'Ana', blind: false });
    expect(await call(p, 'getCoder', {})).toEqual({ name: 'Ana', blind: false });
    const file = join(tempDir(), 'blocked');
    writeFileSync(file, '');
    vi.stubEnv('QUIRE_HOME', join(file, 'Quire')); // a folder inside a file: cannot be made
    expect(chooseCoderName('Ben')).toBe('Ben');
    expect(defaultCoderName()).toBe(osUser());
  });

  it('must be a name', async () => {
    const p = await createTestProject({ seeds: false });
    await expect(call(p, 'setCoder', { name: '   ' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(() => chooseCoderName(' \t ')).toThrow(/Give a coder name/);
    expect(() => chooseCoderName('x'.repeat(201))).toThrow(/at most 200 characters/);
  });
});
