import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../src/main/core/db/open.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { MAX_FILE_BYTES } from '../../src/main/core/corpus/files.ts';
import { EXIT } from '../../src/main/exit.ts';
import { MAX_REQUEST_BYTES, startWebServer, TOKEN_HEADER, type WebServer } from '../../src/main/web.ts';
import { ROOT, SEEDS_DIR, tempDir } from '../helpers/project.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: WebServer;
let dir: string;
const db = openProject(':memory:');

function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
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
  send(`/api/${method}`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: server.token, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quire-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>Quire</title><script type="module" src="/assets/app.js"></script>',
  );
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
    const attempts: Record<string, string>[] = [
      {},
      { [TOKEN_HEADER]: 'wrong' },
      { [TOKEN_HEADER]: `${server.token}x` },
    ];
    for (const headers of attempts) {
      const reply = await send('/api/search', { method: 'POST', headers, body: '{"query":"x"}' });
      expect(reply.status).toBe(401);
    }
    expect((await send('/api/no-such-method', { method: 'POST' })).status).toBe(401);
  });

  it("streams the engine's events to a page holding the token, as Server-Sent Events: an export's progress, and the changes of a call marked with the page that made it", async () => {
    expect((await send('/api/events')).status).toBe(401);
    expect((await send('/api/events', { method: 'POST', headers: { [TOKEN_HEADER]: server.token } })).status).toBe(405);
    const stop = new AbortController();
    const response = await fetch(`http://127.0.0.1:${server.port}/api/events`, {
      headers: { [TOKEN_HEADER]: server.token },
      signal: stop.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    // The stream says at once that it listens: what follows is heard.
    expect((await reader.read()).value).toBe(': listening\n\n');
    const documents = JSON.parse((await api('listDocuments', {})).body).value.total as number;
    expect(JSON.parse((await api('exportFile', { format: 'md' })).body).ok).toBe(true);
    expect(JSON.parse((await api('createCode', { name: 'Heard' }, { 'x-quire-client': 'tab-7' })).body).ok).toBe(true);
    let text = '';
    while (!text.includes('"changed"')) text += (await reader.read()).value;
    stop.abort();
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((message) => {
        expect(message).toMatch(/^data: /);
        return JSON.parse(message.slice(6));
      });
    expect(
      events.map((e) =>
        e.type === 'progress' ? `${e.work} ${e.done} of ${e.total}` : `${e.type} ${e.kinds} by ${e.origin}`,
      ),
    ).toEqual([
      ...Array.from({ length: documents }, (_, i) => `export ${i} of ${documents}`),
      'changed codebook by tab-7',
    ]);
  });

  it('refuses a rebound DNS name (Host) and another origin, even with the token', async () => {
    expect((await api('projectInfo', {}, { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await api('projectInfo', {}, { host: `127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await api('projectInfo', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('projectInfo', {}, { origin: `http://localhost:${server.port}` })).status).toBe(200);
    expect((await send('/', { headers: { host: 'evil.example' } })).status).toBe(403);
  });

  it("answers bad input with 400 and what is missing with 404, each with the engine's error, and survives them", async () => {
    const bad = await api('search', { query: 42 });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^Invalid input for search: query/) },
    });
    const notJson = await send('/api/search', {
      method: 'POST',
      headers: { [TOKEN_HEADER]: server.token },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error).toEqual({
      code: 'invalid_input',
      message: 'The request is not valid JSON.',
    });
    const unknown = await api('dropEverything', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error).toEqual({
      code: 'not_found',
      message: 'There is no method “dropEverything”.',
    });
    expect((await send('/api/search', { headers: { [TOKEN_HEADER]: server.token } })).status).toBe(405);
    const missing = await api('getDocument', { id: 999 });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.code).toBe('not_found');
    const ok = await api('projectInfo', {});
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).ok).toBe(true);
  });

  it('answers a hostile REFI-QDA file (an external entity) with 400 and the refusal in words, and survives it', async () => {
    const xxe =
      '<?xml version="1.0"?>\n<!DOCTYPE CodeBook [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>\n<CodeBook><Codes><Code name="&secret;"/></Codes></CodeBook>\n';
    for (const method of ['importRefiQda', 'previewMerge']) {
      const reply = await api(method, { upload: { name: 'book.qdc', base64: Buffer.from(xxe).toString('base64') } });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body).error).toEqual({
        code: 'invalid_input',
        message: expect.stringMatching(/^“book\.qdc” asks to read something outside itself \(an external entity/),
      });
    }
    expect((await api('projectInfo', {})).status).toBe(200);
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const path of [
      '/../quire-secret.txt',
      '/%2e%2e/quire-secret.txt',
      '/assets/../../quire-secret.txt',
      '/%E0%A4%A',
    ]) {
      const reply = await send(path);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.body).not.toContain('secret');
    }
  });
});

/** A POST to an API method whose body is written by `write`; resolves with the first answer, however far the upload got. */
function upload(
  target: WebServer,
  method: string,
  headers: Record<string, string | number>,
  write: (req: ClientRequest) => void,
): Promise<Reply & { sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: `/api/${method}`,
        method: 'POST',
        headers: { host: `127.0.0.1:${target.port}`, [TOKEN_HEADER]: target.token, ...headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sent });
          req.destroy();
        });
      },
    );
    req.on('error', reject);
    const original = req.write.bind(req);
    req.write = ((chunk: Buffer, ...rest: never[]) => (
      (sent += chunk.length),
      original(chunk, ...rest)
    )) as typeof req.write;
    write(req);
  });
}

describe('the browser harness: request sizes', () => {
  it('sizes its limit for the largest file Quire imports, sent as base64', () => {
    // 4 base64 characters for every 3 bytes, and room for the call around them.
    expect(MAX_REQUEST_BYTES).toBeGreaterThan(Math.ceil(MAX_FILE_BYTES / 3) * 4);
    expect(MAX_REQUEST_BYTES).toBeLessThan(MAX_FILE_BYTES * 1.34 + 1024 * 1024);
  });

  it('refuses a body declared larger than the limit with 413 at once, before reading it', async () => {
    const reply = await upload(
      server,
      'importUploads',
      { 'content-type': 'application/json', 'content-length': MAX_REQUEST_BYTES + 1 },
      (req) => {
        req.write(Buffer.from('{"files":[{"name":"big.txt","base64":"'));
        // The rest is never sent: the answer must come without it.
      },
    );
    expect(reply.status).toBe(413);
    expect(reply.sent).toBeLessThan(100);
    expect(JSON.parse(reply.body)).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'The request is 67 MB; the browser workbench takes up to 67 MB in one request: one file of 50 MB, the largest Quire imports. ' +
          'Send fewer files at a time, or use the command line (quire import, quire merge) for larger ones.',
      },
    });
    expect((await api('projectInfo', {})).status).toBe(200);
  });

  it('answers a body sent without a length with 413 once it passes the limit, not with a reset connection', async () => {
    const small = await startWebServer({ project: { db, path: ':memory:' }, rendererDir: dir, maxBody: 1024 * 1024 });
    try {
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const reply = await upload(
        small,
        'importUploads',
        { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        (req) => {
          let left = 80; // 5 MB, far past the limit
          const pump = () => {
            while (left-- > 0) if (!req.write(chunk)) return void req.once('drain', pump);
            req.end();
          };
          pump();
        },
      );
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.body).error.message).toMatch(
        /^The request is larger than 1\.0 MB; the browser workbench takes up to 1\.0 MB in one request/,
      );
    } finally {
      await small.close();
    }
  });

  it("takes a file of the largest size Quire imports in one call, and leaves a larger one to the engine's own limit", async () => {
    // Zeros: valid base64 of a file the importer refuses quickly (binary), so the test measures the transport.
    for (const [size, reason] of [
      [MAX_FILE_BYTES, /looks like a binary file/],
      [MAX_FILE_BYTES + 1, /too large; Quire imports files up to 50 MB/],
    ] as const) {
      const body = JSON.stringify({ files: [{ name: 'largest.txt', base64: Buffer.alloc(size).toString('base64') }] });
      expect(body.length).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
      const reply = await api('importUploads', JSON.parse(body));
      expect(reply.status).toBe(200);
      const report = JSON.parse(reply.body).value;
      expect(report.failed).toBe(1);
      expect(report.files[0].message).toMatch(reason);
    }
  }, 60_000);
});

/** `node src/main/web.ts` or `node bin/quire.js` with its own QUIRE_HOME; resolves with how it ended. */
function run(
  script: string,
  args: string[],
  home: string,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd: ROOT, env: { ...process.env, QUIRE_HOME: home, QUIRE_PROJECT: '' }, encoding: 'utf8', timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

describe('npm run web on a project it cannot open', () => {
  const projects: [string, (file: string) => void][] = [
    [
      'made by a newer Quire',
      (file) => {
        openProject(file, { create: true }).close();
        const raw = new Database(file);
        raw.pragma('user_version = 99');
        raw.close();
      },
    ],
    [
      'damaged',
      (file) => writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(8192, 0x5a)])),
    ],
    ['not a project at all', (file) => writeFileSync(file, 'These are my notes, not a project.\n')],
  ];
  it.each(projects)("a project %s: the CLI's message and exit code, no stack trace", async (_, make) => {
    const home = tempDir();
    const file = join(tempDir(), 'Project.quire');
    make(file);
    const [web, cli] = await Promise.all([
      run('src/main/web.ts', ['--project', file, '--port', '0'], home),
      run('bin/quire.js', ['--project', file, 'list'], home),
    ]);
    expect(cli.status).toBe(EXIT.project);
    expect(web.status).toBe(cli.status);
    expect(cli.stderr).toMatch(/^quire: /);
    expect(web.stderr).toBe(cli.stderr.replace(/^quire: /, 'quire web: '));
    expect(web.stderr).not.toMatch(/^\s+at /m);
    expect(web.stdout).toBe('');
  });

  it('a port that is not a number is a usage error', async () => {
    const r = await run('src/main/web.ts', ['--port', 'eighty'], tempDir());
    expect(r.status).toBe(EXIT.usage);
    expect(r.stderr).toBe('quire web: --port wants a port number (0 to 65535), not “eighty”.\n');
  });
});
