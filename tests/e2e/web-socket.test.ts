// The browser harness's WebSocket for calls (web.ts), driven by the page's own
// client (renderer/src/api.ts) and by a bare WebSocket: who may open it, what
// its answers hold, and when a call goes as a request of its own instead.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket as WsSocket } from 'ws';
import type { ServerEvent } from '../../src/shared/events.ts';
import { SOCKET_PATH, SOCKET_PROTOCOL } from '../../src/shared/methods.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { EventHub } from '../../src/main/core/events.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { startWebServer, TOKEN_HEADER, type WebServer } from '../../src/main/web.ts';
import { ApiError, webClient } from '../../src/renderer/src/api.ts';
import { SEEDS_DIR } from '../helpers/project.ts';

let server: WebServer;
let dir: string;
let longId: number;
const db = openProject(':memory:');
const project: ProjectHandle = { db, path: ':memory:', events: new EventHub() };
const base = () => `http://127.0.0.1:${server.port}`;
const socketUrl = () => `ws://127.0.0.1:${server.port}${SOCKET_PATH}`;

/** A WebSocket as the page's browser opens one: from the page's origin; a failure is an event, never thrown. */
const pageSocket = (origin = base()) =>
  class extends WsSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
      this.on('error', () => undefined);
    }
  } as unknown as typeof WebSocket;

/** The page's client, each request it makes as a request (not over the socket) listed in `requests`. */
function pageClient(token = server.token, Socket = pageSocket()) {
  const requests: string[] = [];
  const fetcher = ((path: string, init?: RequestInit) => {
    requests.push(`${init?.method ?? 'GET'} ${path}`);
    return fetch(`${base()}${path}`, init);
  }) as typeof fetch;
  return { client: webClient(token, fetcher, { url: socketUrl(), Socket }), requests };
}

/** Opens a bare WebSocket; resolves with it open, or with the status the server refused it with. */
function openSocket(protocols: string[], options: { origin?: string; path?: string }): Promise<WsSocket | number> {
  return new Promise((resolve) => {
    const ws = new WsSocket(`ws://127.0.0.1:${server.port}${options.path ?? SOCKET_PATH}`, protocols, {
      ...(options.origin === undefined ? {} : { origin: options.origin }),
    });
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

/** The next message on a bare socket, as JSON. */
const nextMessage = (ws: WsSocket) =>
  new Promise<Record<string, unknown>>((resolve) =>
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)),
  );

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quire-socket-'));
  await importFiles(db, [SEEDS_DIR]);
  // A text whose answer is far larger than a socket message carries.
  writeFileSync(join(dir, 'long.txt'), `A long article\n\n${'Minsk said the talks would go on. '.repeat(6000)}\n`);
  longId = (await importFiles(db, [join(dir, 'long.txt')])).files[0]!.documentId!;
  server = await startWebServer({ project, rendererDir: dir });
});

afterAll(async () => {
  await server.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('calls over the harness WebSocket', () => {
  it('answers the page’s calls over the socket, as a request would answer them', async () => {
    const { client, requests } = pageClient();
    const found = await client.search({ query: 'Lukashenka' });
    const posted = await fetch(`${base()}/api/search`, {
      method: 'POST',
      headers: { [TOKEN_HEADER]: server.token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'Lukashenka' }),
    }).then((r) => r.json() as Promise<{ value: unknown }>);
    expect(found.total).toBe(2);
    expect(found).toEqual(posted.value);
    // Only the event stream, if anything, went as a request.
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);
  });

  it('says the engine’s errors as the engine says them', async () => {
    const { client, requests } = pageClient();
    const unknown = await (client as unknown as { noSuchMethod(input: object): Promise<unknown> })
      .noSuchMethod({})
      .catch((e: ApiError) => e);
    expect(unknown).toBeInstanceOf(ApiError);
    expect((unknown as ApiError).code).toBe('not_found');
    expect((unknown as ApiError).message).toBe('There is no method “noSuchMethod”.');
    const invalid = await client.search({ query: 42 as unknown as string }).catch((e: ApiError) => e);
    expect((invalid as ApiError).code).toBe('invalid_input');
    expect(requests.filter((r) => r.startsWith('POST'))).toEqual([]);
  });

  it('makes a text, and a document’s codings, requests of their own', async () => {
    const { client, requests } = pageClient();
    const doc = await client.getDocument({ id: longId });
    await client.listCodingMarks({ documentId: longId });
    await client.getCodebook({});
    expect(doc.body.length).toBeGreaterThan(190_000);
    expect(requests).toEqual(['POST /api/getDocument', 'POST /api/listCodingMarks']);
  });

  it('marks the changes a call makes with the page that made it', async () => {
    const { client } = pageClient();
    const heard: ServerEvent[] = [];
    const stop = project.events!.subscribe((e) => heard.push(e));
    await client.createCode({ name: 'Heard over the socket' });
    stop();
    expect(heard.find((e) => e.type === 'changed')).toMatchObject({ type: 'changed', origin: client.origin });
  });

  it('gives a large answer to be fetched once, with the token, from where its message says', async () => {
    const ws = (await openSocket([SOCKET_PROTOCOL, server.token], { origin: base() })) as WsSocket;
    const answered = nextMessage(ws);
    ws.send(JSON.stringify({ id: 7, method: 'getDocument', input: { id: longId } }));
    const message = await answered;
    expect(Object.keys(message).sort()).toEqual(['fetch', 'id']);
    expect(message.id).toBe(7);
    const path = message.fetch as string;
    expect((await fetch(`${base()}${path}`)).status).toBe(401);
    const fetched = (await fetch(`${base()}${path}`, { headers: { [TOKEN_HEADER]: server.token } }).then((r) =>
      r.json(),
    )) as { ok: boolean; value: { body: string } };
    expect(fetched.ok).toBe(true);
    expect(fetched.value.body).toMatch(/^A long article/);
    const again = await fetch(`${base()}${path}`, { headers: { [TOKEN_HEADER]: server.token } });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { message: string } }).error.message).toBe(
      'This answer was fetched already, or not within a minute of the call.',
    );
    ws.close();
  });

  it('answers overlapping calls each with its own id', async () => {
    const ws = (await openSocket([SOCKET_PROTOCOL, server.token], { origin: base() })) as WsSocket;
    const answers: Record<string, unknown>[] = [];
    const both = new Promise<void>((done) =>
      ws.on('message', (data) => {
        answers.push(JSON.parse(String(data)) as Record<string, unknown>);
        if (answers.length === 2) done();
      }),
    );
    ws.send(JSON.stringify({ id: 1, method: 'search', input: { query: 'Lukashenka' } }));
    ws.send(JSON.stringify({ id: 2, method: 'getDocument', input: { id: 999_999 } }));
    await both;
    const byId = new Map(answers.map((a) => [a.id, a]));
    expect((byId.get(1) as { ok: boolean; value: { total: number } }).value.total).toBe(2);
    expect(byId.get(2)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    ws.close();
  });

  it('closes a socket that sends something other than a call, saying why', async () => {
    const ws = (await openSocket([SOCKET_PROTOCOL, server.token], { origin: base() })) as WsSocket;
    const closed = new Promise<[number, string]>((resolve) =>
      ws.on('close', (code, reason) => resolve([code, String(reason)])),
    );
    ws.send('not json');
    expect(await closed).toEqual([1007, 'A call is { id, method, input } in JSON.']);
  });

  it('refuses a socket without the token, from another origin, or without one', async () => {
    expect(await openSocket([SOCKET_PROTOCOL], { origin: base() })).toBe(401);
    expect(await openSocket([SOCKET_PROTOCOL, 'wrong'], { origin: base() })).toBe(401);
    expect(await openSocket([server.token], { origin: base() })).toBe(401);
    expect(await openSocket([SOCKET_PROTOCOL, server.token], { origin: 'http://evil.example' })).toBe(403);
    expect(await openSocket([SOCKET_PROTOCOL, server.token], { origin: undefined })).toBe(403);
    expect(await openSocket([SOCKET_PROTOCOL, server.token], { origin: base(), path: '/api/other' })).toBe(403);
    const ok = await openSocket([SOCKET_PROTOCOL, server.token], { origin: base() });
    expect(ok).toBeInstanceOf(WsSocket);
    (ok as WsSocket).close();
  });

  it('makes the calls requests when the socket is refused, which then say why', async () => {
    const { client, requests } = pageClient('wrong-token');
    const refused = await client.search({ query: 'Minsk' }).catch((e: ApiError) => e);
    expect((refused as ApiError).code).toBe('forbidden');
    expect(requests).toContain('POST /api/search');
    // From another origin, the socket is refused; with the right token the request is answered.
    const other = pageClient(server.token, pageSocket('http://evil.example'));
    expect((await other.client.search({ query: 'Lukashenka' })).total).toBe(2);
    expect(other.requests).toContain('POST /api/search');
  });

  it('tries the socket again a while after it could not be made, the calls meanwhile requests', async () => {
    // A socket the browser refuses to make at first (as it throws for an address it will not open), then makes.
    let made = 0;
    const Opened = pageSocket();
    const Flaky = class extends (Opened as unknown as new (url: string, protocols: string[]) => object) {
      constructor(url: string, protocols: string[]) {
        if (made++ === 0) throw new SyntaxError('The socket could not be made.');
        super(url, protocols);
      }
    } as unknown as typeof WebSocket;
    const { client, requests } = pageClient(server.token, Flaky);
    let now = 1_000_000;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      expect((await client.search({ query: 'Lukashenka' })).total).toBe(2);
      expect((await client.search({ query: 'Lukashenka' })).total).toBe(2);
      expect(made).toBe(1);
      expect(requests.filter((r) => r === 'POST /api/search')).toHaveLength(2);
      // Past the wait, the socket is made and carries the call.
      now += 6000;
      expect((await client.search({ query: 'Lukashenka' })).total).toBe(2);
      expect(made).toBe(2);
      expect(requests.filter((r) => r === 'POST /api/search')).toHaveLength(2);
    } finally {
      clock.mockRestore();
    }
  });

  it('fails a call made as the server stops, as unreachable', async () => {
    const own = await startWebServer({ project: { db, path: ':memory:' }, rendererDir: dir });
    const requests: string[] = [];
    const fetcher = ((path: string, init?: RequestInit) => {
      requests.push(path);
      return fetch(`http://127.0.0.1:${own.port}${path}`, init);
    }) as typeof fetch;
    const client = webClient(own.token, fetcher, {
      url: `ws://127.0.0.1:${own.port}${SOCKET_PATH}`,
      Socket: pageSocket(`http://127.0.0.1:${own.port}`),
    });
    expect((await client.search({ query: 'Lukashenka' })).total).toBe(2);
    const closing = own.close();
    const lost = await client.search({ query: 'Minsk' }).catch((e: ApiError) => e);
    await closing;
    expect(lost).toBeInstanceOf(ApiError);
    expect((lost as ApiError).code).toBe('offline');
    expect((lost as ApiError).message).toBe('Quire is not reachable: is `npm run web` still running?');
  });
});
