import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../src/main/core/db/open.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { startWebServer, TOKEN_HEADER, type WebServer } from '../../src/main/web.ts';
import { SEEDS_DIR } from '../helpers/project.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: WebServer;
let dir: string;
const db = openProject(':memory:');

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = (method: string, input: unknown, headers: Record<string, string> = {}) =>
  send(`/api/${method}`, { method: 'POST', headers: { [TOKEN_HEADER]: server.token, 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quire-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Quire</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'quire-secret.txt'), 'secret');
  await importFiles(db, [SEEDS_DIR]);
  server = await startWebServer({ project: { db, path: ':memory:' }, rendererDir: dir });
});

afterAll(async () => {
  await server.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the browser harness', () => {
  it('listens on the loopback address with a random port and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Quire</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await send('/assets/app.js')).headers['content-type']).toMatch(/text\/javascript/);
  });

  it('answers API calls made with the token', async () => {
    const reply = await api('search', { query: 'Lukashenka' });
    expect(reply.status).toBe(200);
    const result = JSON.parse(reply.body);
    expect(result.ok).toBe(true);
    expect(result.value.total).toBe(2);
  });

  it('refuses API calls without the right token before any routing', async () => {
    const attempts: Record<string, string>[] = [{}, { [TOKEN_HEADER]: 'wrong' }, { [TOKEN_HEADER]: `${server.token}x` }];
    for (const headers of attempts) {
      const reply = await send('/api/search', { method: 'POST', headers, body: '{"query":"x"}' });
      expect(reply.status).toBe(401);
    }
    expect((await send('/api/no-such-method', { method: 'POST' })).status).toBe(401);
  });

  it('refuses a rebound DNS name (Host) and another origin, even with the token', async () => {
    expect((await api('projectInfo', {}, { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await api('projectInfo', {}, { host: `127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await api('projectInfo', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('projectInfo', {}, { origin: `http://localhost:${server.port}` })).status).toBe(200);
    expect((await send('/', { headers: { host: 'evil.example' } })).status).toBe(403);
  });

  it('gives typed errors for bad input and unknown methods, and survives them', async () => {
    const bad = JSON.parse((await api('search', { query: 42 })).body);
    expect(bad).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^Invalid input for search: query/) } });
    const notJson = await send('/api/search', { method: 'POST', headers: { [TOKEN_HEADER]: server.token }, body: '{nope' });
    expect(JSON.parse(notJson.body).error).toEqual({ code: 'invalid_input', message: 'The request is not valid JSON.' });
    expect((await api('dropEverything', {})).status).toBe(404);
    expect((await send('/api/search', { headers: { [TOKEN_HEADER]: server.token } })).status).toBe(405);
    const missing = JSON.parse((await api('getDocument', { id: 999 })).body);
    expect(missing.error.code).toBe('not_found');
    expect(JSON.parse((await api('projectInfo', {})).body).ok).toBe(true);
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../quire-secret.txt', '/%2e%2e/quire-secret.txt', '/assets/../../quire-secret.txt', '/%E0%A4%A']) {
      const reply = await send(path);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.body).not.toContain('secret');
    }
  });
});
