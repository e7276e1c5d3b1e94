// The coder's name is a preference of the user, kept in preferences.json in
// the user data folder the face gives the engine (each test its own): it holds
// for every project and across restarts; QUIRE_CODER, read by the face,
// overrides it for one process. The engine reads no environment itself: each
// test passes the environment its projects are opened with.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseCoderName, defaultCoderName } from '../../src/main/core/coding/coders.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { NO_ENVIRONMENT, type Environment } from '../../src/main/core/environment.ts';
import { preferencesPath, readPreferences } from '../../src/main/core/preferences.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { readEnvironment } from '../../src/main/environment.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

/** A machine of its own: a fresh user data folder, the system user "osuser", and QUIRE_CODER when given. */
const machine = (extra: NodeJS.ProcessEnv = {}): Environment => ({
  ...readEnvironment({ QUIRE_HOME: join(tempDir(), 'Quire'), ...extra }),
  user: 'osuser',
});
const stored = (env: Environment) =>
  JSON.parse(readFileSync(preferencesPath(env.dataDir!), 'utf8')) as Record<string, unknown>;

describe('the coder’s name', () => {
  it('is the OS user until the user names themself; the name is then kept for every project and every start', async () => {
    const environment = machine();
    const first = await createTestProject({ seeds: false, environment });
    expect(await call(first, 'getCoder', {})).toEqual({ name: 'osuser', blind: false });
    expect(await call(first, 'setCoder', { name: '  Ana Kowalska ' })).toEqual({ name: 'Ana Kowalska', blind: false });
    expect(await call(first, 'getCoder', {})).toEqual({ name: 'Ana Kowalska', blind: false });
    expect(stored(environment)).toEqual({ coder: 'Ana Kowalska' });
    expect(readdirSync(environment.dataDir!)).toEqual(['preferences.json']); // no temporary file left behind

    // Another project in this session, and the same project after a restart.
    const other = await createTestProject({ seeds: false, environment });
    expect(await call(other, 'getCoder', {})).toEqual({ name: 'Ana Kowalska', blind: false });
    const file = join(tempDir(), 'p.quire');
    const opened: ProjectHandle = { db: openProject(file, { create: true }), path: file, environment };
    await call(opened, 'createCode', { name: 'Sanctions' });
    opened.db.close();
    const reopened: ProjectHandle = { db: openProject(file), path: file, environment };
    expect(await call(reopened, 'getCoder', {})).toEqual({ name: 'Ana Kowalska', blind: false });
    expect((await call(reopened, 'history', {}))[0]).toMatchObject({
      description: 'Create code “Sanctions”',
      coder: 'Ana Kowalska',
    });
    reopened.db.close();
  });

  it('gives way to QUIRE_CODER, an explicit override for one process', async () => {
    const environment = machine({ QUIRE_CODER: 'Ben' });
    expect(environment.coder).toBe('Ben');
    const p = await createTestProject({ seeds: false, environment });
    chooseCoderName('Ana', environment);
    expect(await call(p, 'getCoder', {})).toEqual({ name: 'Ben', blind: false });
    // Naming oneself in a session still holds for that session, and is stored for later.
    expect(await call(p, 'setCoder', { name: 'Cleo' })).toEqual({ name: 'Cleo', blind: false });
    expect(await call(p, 'getCoder', {})).toEqual({ name: 'Cleo', blind: false });
    expect(defaultCoderName(environment)).toBe('Ben');
    // The next process, without QUIRE_CODER (an empty one is none), on the same machine.
    expect(
      defaultCoderName({
        ...environment,
        ...readEnvironment({ QUIRE_HOME: environment.dataDir!, QUIRE_CODER: '' }),
        user: 'osuser',
      }),
    ).toBe('Cleo');
  });

  it('survives a damaged, foreign or unreadable preferences file, and a new name repairs it', async () => {
    const environment = machine();
    mkdirSync(environment.dataDir!, { recursive: true });
    for (const content of ['{"coder": "Ana"', '[1, 2]', '{"coder": 42}', '{"coder": "   "}', '\u0000\u0001binary']) {
      writeFileSync(preferencesPath(environment.dataDir!), content);
      expect(defaultCoderName(environment), content).toBe('osuser');
      const p = await createTestProject({ seeds: false, environment });
      expect(await call(p, 'getCoder', {})).toEqual({ name: 'osuser', blind: false });
    }
    // Preferences a newer Quire wrote are kept when the name is stored.
    writeFileSync(preferencesPath(environment.dataDir!), JSON.stringify({ coder: 'Ana', theme: 'dark' }));
    expect(defaultCoderName(environment)).toBe('Ana');
    chooseCoderName('Ben', environment);
    expect(stored(environment)).toEqual({ coder: 'Ben', theme: 'dark' });
  });

  it('is tolerated as a folder where the file should be, or a home that cannot be written', async () => {
    const environment = machine();
    mkdirSync(preferencesPath(environment.dataDir!), { recursive: true }); // not a file
    expect(readPreferences(environment.dataDir)).toEqual({});
    const p = await createTestProject({ seeds: false, environment });
    expect(await call(p, 'getCoder', {})).toEqual({ name: 'osuser', blind: false });
    // Storing fails, but the session codes under the chosen name.
    expect(await call(p, 'setCoder', { name: 'Ana' })).toEqual({ name: 'Ana', blind: false });
    expect(await call(p, 'getCoder', {})).toEqual({ name: 'Ana', blind: false });
    const file = join(tempDir(), 'blocked');
    writeFileSync(file, '');
    const blocked = { ...environment, dataDir: join(file, 'Quire') }; // a folder inside a file: cannot be made
    expect(chooseCoderName('Ben', blocked)).toBe('Ben');
    expect(defaultCoderName(blocked)).toBe('osuser');
  });

  it('is remembered nowhere when the face gives no user data folder (a tool, a test), and is then "coder"', async () => {
    const p = await createTestProject({ seeds: false });
    expect(await call(p, 'getCoder', {})).toEqual({ name: 'coder', blind: false });
    expect(await call(p, 'setCoder', { name: 'Ana' })).toEqual({ name: 'Ana', blind: false });
    expect(defaultCoderName(NO_ENVIRONMENT)).toBe('coder');
  });

  it('must be a name', async () => {
    const p = await createTestProject({ seeds: false });
    await expect(call(p, 'setCoder', { name: '   ' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(() => chooseCoderName(' \t ', NO_ENVIRONMENT)).toThrow(/Give a coder name/);
    expect(() => chooseCoderName('x'.repeat(201), NO_ENVIRONMENT)).toThrow(/at most 200 characters/);
  });
});
