// `quire query`, `quire kwic` and `quire words`, run as a user would.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/main/cli.ts';
import { call } from '../../src/main/core/engine.ts';
import { closeProject, openOrCreateProject } from '../../src/main/core/project.ts';
import { outletTypes } from '../helpers/attributes.ts';
import { exec, cliEnv } from '../helpers/cli.ts';
import { SEEDS_DIR } from '../helpers/project.ts';

let home = '';
let path = '';
const run = (...args: string[]) => exec(process.execPath, ['bin/quire.js', '--project', path, ...args], cliEnv(home));

describe('the analyst’s commands', () => {
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'quire-cli-analyst-'));
    path = join(home, 'coded.quire');
    // The sample project coded by ana: “Sanctions” overlapping “Belarus complicit” in document 1, “Sanctions” alone in document 2.
    const p = await openOrCreateProject(path, { seedsDir: SEEDS_DIR });
    p.coder = 'ana';
    const { codes } = await call(p, 'getCodebook', {});
    const id = (name: string) => codes.find((c) => c.name === name)!.id;
    await call(p, 'applyCode', { documentId: 1, codeId: id('Belarus complicit'), start: 0, end: 80 });
    await call(p, 'applyCode', { documentId: 1, codeId: id('Sanctions'), start: 50, end: 120 });
    await call(p, 'applyCode', { documentId: 2, codeId: id('Sanctions'), start: 10, end: 40 });
    await outletTypes(p);
    closeProject(p);
  });

  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('query: says how it read the expression, lists the passages, writes CSV and saves them as a code that undo takes back', async () => {
    const csv = join(home, 'query.csv');
    const r = await run(
      'query',
      'Sanctions AND "Belarus complicit"',
      '--csv',
      csv,
      '--save-as-code',
      'Complicit sanctions',
    );
    expect(r.status, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toContain('Read as: Sanctions AND "Belarus complicit"');
    expect(r.stdout).toContain(
      'Passages coded “Sanctions” that overlap passages coded “Belarus complicit” (both kept).',
    );
    expect(r.stdout).toContain('2 passages in 1 document.');
    expect(r.stdout).toContain('Coded 1 passage in 1 document as “Complicit sanctions” (`quire undo` takes it back).');
    expect(r.stderr).toContain(`Wrote 2 rows to ${csv}.`);
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe(
      '\uFEFFdocument,source,date,code,coder,before,quote,after,memo,start,end',
    );
    const undo = await run('undo');
    expect(undo.stdout).toMatch(/^Undone: Code 1 passage found by/);
    // Restricted by attribute: document 2 is the state outlet.
    const state = await run('--json', 'query', 'Sanctions', '--attr', 'outlet type=state');
    expect(JSON.parse(state.stdout).segments.map((s: { document: { id: number } }) => s.document.id)).toEqual([2]);
  });

  it('query: a bad expression is a usage error pointing at the problem', async () => {
    const r = await run('query', '"Belarus neural" OR Sanctions');
    expect(r.status).not.toBe(EXIT.ok);
    expect(r.stderr).toContain('There is no code called “Belarus neural”. Did you mean “Belarus neutral”?');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('kwic: one line per hit with its context, sorted by the word on the right', async () => {
    const r = await run('kwic', 'sanctions', '--width', '30', '--sort', 'right');
    expect(r.status, r.stderr).toBe(EXIT.ok);
    expect(r.stdout.split('\n')[0]).toMatch(/^3 lines in 2 documents: hits of the search “sanctions”\.$/);
    const lines = r.stdout.trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/\[sanctions\]/i);
    const byCode = await run('kwic', '--code', 'Sanctions');
    expect(byCode.stdout.split('\n')[0]).toBe('2 lines in 2 documents: 2 passages coded “Sanctions”.');
  });

  it('kwic and query: --set keeps to the documents of a set, and an unknown set is refused naming the sets there are', async () => {
    expect((await run('set', 'create', 'Second only', '--documents', '2')).status).toBe(EXIT.ok);
    const kwic = await run('kwic', '--code', 'Sanctions', '--set', 'second ONLY');
    expect(kwic.status, kwic.stderr).toBe(EXIT.ok);
    expect(kwic.stdout.split('\n')[0]).toBe('1 line in 1 document: 1 passage coded “Sanctions”.');
    expect(kwic.stdout).toMatch(/ 2:10\n$/);
    const searched = await run('--json', 'kwic', 'sanctions', '--set', 'Second only');
    const lines = JSON.parse(searched.stdout).lines as { documentId: number }[];
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines.map((l) => l.documentId))).toEqual(new Set([2]));
    const query = await run('--json', 'query', 'Sanctions', '--set', 'Second only');
    expect(JSON.parse(query.stdout).segments.map((s: { document: { id: number } }) => s.document.id)).toEqual([2]);
    const unknown = await run('kwic', 'sanctions', '--set', 'Nope');
    expect(unknown.status).not.toBe(EXIT.ok);
    expect(unknown.stderr).toContain('Nope');
    expect(unknown.stderr).toContain('Second only');
    expect((await run('set', 'delete', 'Second only')).status).toBe(EXIT.ok);
  });

  it('words: a frequency table, and a comparison of two attribute values with keyness, to CSV', async () => {
    const r = await run('words', '--top', '5');
    expect(r.status, r.stderr).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^All documents \(5 documents, [\d,]+ words\):/);
    expect(r.stdout).toMatch(/^ukraine\s+76\s+5\s+[\d.]+$/m);
    const csv = join(home, 'words.csv');
    const c = await run(
      'words',
      '--compare-attr',
      'Outlet type=independent',
      '--with',
      'Outlet type=state',
      '--top',
      '10',
      '--csv',
      csv,
    );
    expect(c.status, c.stderr).toBe(EXIT.ok);
    expect(c.stdout).toMatch(
      /^Outlet type: independent \(2 documents, [\d,]+ words\) against Outlet type: state \(1 document, [\d,]+ words\):/,
    );
    expect(c.stdout).toMatch(/^word\s+count\s+other\s+LL\s+log ratio$/m);
    expect(readFileSync(csv, 'utf8').split('\r\n')).toHaveLength(12);
    const half = await run('words', '--compare-attr', 'Outlet type=state');
    expect(half.status).not.toBe(EXIT.ok);
    expect(half.stderr).toContain('Compare two scopes with both --compare-attr name=value and --with name=value.');
  });
});
