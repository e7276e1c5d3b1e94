// The browser harness: the built renderer and the same API over HTTP on the
// loopback interface. Every API call needs the random token from the printed
// URL; Host and Origin are checked first, so neither another origin nor a
// rebound DNS name can reach the project. The page makes its calls over one
// WebSocket (/api/socket): a call there costs about a millisecond, against
// several for a request of its own; a call too large for it (an upload) is a
// POST to /api/<method>, as any client may make every call. The engine's
// events (progress, changes) stream to the page as Server-Sent Events from
// GET /api/events.
import { timingSafeEqual, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isQuireError, QuireError, type ErrorCode } from '../shared/errors.ts';
import { fileSize, megabytes, visible } from '../shared/text.ts';
import { SOCKET_CALL_BYTES, SOCKET_PATH, SOCKET_PROTOCOL, type WireResult } from '../shared/methods.ts';
import { MAX_FILE_BYTES } from './core/corpus/files.ts';
import { call, isMethod } from './core/engine.ts';
import { EventHub } from './core/events.ts';
import { closeProject, openOrCreateProject, type ProjectHandle } from './core/project.ts';
import { defaultProjectPath, readEnvironment } from './environment.ts';
import { chromiumPrinter } from './printers/chromium.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';
import { EXIT, reportFailure } from './exit.ts';

export interface WebServerOptions {
  project: ProjectHandle;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** Largest request body accepted, in bytes (MAX_REQUEST_BYTES unless a test says otherwise). */
  maxBody?: number;
}

/**
 * The largest request body: the largest upload Quire accepts, one file of
 * MAX_FILE_BYTES sent as base64 (4 characters for every 3 bytes) in a JSON
 * call, with room for the rest of the call (the file's name, escaped).
 */
export const MAX_REQUEST_BYTES = Math.ceil(MAX_FILE_BYTES / 3) * 4 + 64 * 1024;

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-quire-token';
/** Which page calls (its own random id), so the changes it makes come back to it marked as its own. */
export const CLIENT_HEADER = 'x-quire-client';
const HOST = '127.0.0.1';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxBody = options.maxBody ?? MAX_REQUEST_BYTES;
  const root = normalize(options.rendererDir + sep);
  options.project.events ??= new EventHub();
  let port = 0;
  const streams = new Set<ServerResponse>();
  const large = new LargeAnswers();
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: Math.min(maxBody, SOCKET_CALL_BYTES),
    perMessageDeflate: false,
    handleProtocols: () => SOCKET_PROTOCOL,
  });

  /** Why a request may not reach this server (another host or origin), or null. */
  const refusal = (req: IncomingMessage): string | null => {
    const allowed = new Set([`${HOST}:${port}`, `localhost:${port}`]);
    if (!allowed.has(req.headers.host ?? '')) return 'This server answers only on its own loopback address.';
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(origin.replace(/^http:\/\//, '')))
      return 'Requests from other origins are refused.';
    return null;
  };

  const server = createServer((req, res) => {
    const refused = refusal(req);
    if (refused) return send(res, 403, refused);
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname.startsWith('/api/')) {
      if (!validToken(req.headers[TOKEN_HEADER], token)) return send(res, 401, 'A valid token is required.');
      if (url.pathname === '/api/events') return streamEvents(req, res, options.project, streams);
      if (url.pathname.startsWith(ANSWERS_PATH)) return sendLargeAnswer(req, res, large, url.pathname);
      return void handleApi(req, res, url.pathname.slice(5), options.project, maxBody);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
    serveStatic(res, root, url.pathname);
  });
  // The page's WebSocket: the same checks as a request, its token among the subprotocols it asks for (a page cannot
  // set a WebSocket's headers), and an origin, which every browser sends with one.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const refused =
      refusal(req) ??
      (req.headers.origin === undefined ? 'A WebSocket without an origin is refused.' : null) ??
      (url.pathname !== SOCKET_PATH ? 'There is no WebSocket here.' : null);
    if (refused) return refuseUpgrade(socket, 403, refused);
    const asked = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!asked.includes(SOCKET_PROTOCOL) || !asked.some((p) => validToken(p, token)))
      return refuseUpgrade(socket, 401, 'A valid token is required.');
    const origin = clientIdOf(url.searchParams.get('client') ?? undefined);
    sockets.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, options.project, origin, large));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://${HOST}:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise((resolve) => {
        // An event stream never ends by itself: ended here, or the server would wait for it forever.
        for (const stream of streams) stream.end();
        for (const ws of sockets.clients) ws.terminate();
        large.clear();
        sockets.close();
        server.close(() => resolve());
      }),
  };
}

function validToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(message);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(JSON.stringify(value));
}

/** The HTTP status of an engine error: what a client that reads only the status should know. */
const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  blind: 403,
  exclusive_conflict: 409,
  project_missing: 422,
  not_a_project: 422,
  project_too_new: 422,
  project_locked: 409,
  read_only: 409,
  damaged: 500,
  cancelled: 409,
  disk_full: 507,
  internal: 500,
};

/**
 * The project's events as Server-Sent Events, one `data:` line of JSON each,
 * until the page goes away. The page reads them with fetch (its token goes in
 * a header, never in the address, which EventSource would need).
 */
function streamEvents(
  req: IncomingMessage,
  res: ServerResponse,
  project: ProjectHandle,
  streams: Set<ServerResponse>,
): void {
  if (req.method !== 'GET') return send(res, 405, 'The event stream is a GET request.');
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'keep-alive',
  });
  // A comment first, so the page knows at once that it is listening.
  res.write(': listening\n\n');
  const stop = project.events?.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`));
  streams.add(res);
  res.on('close', () => {
    stop?.();
    streams.delete(res);
  });
}

/** The page's id as it sent it, when it looks like one (it only marks the events of its own calls). */
function clientIdOf(id: string | string[] | undefined): string | undefined {
  return typeof id === 'string' && /^[\w-]{1,64}$/.test(id) ? id : undefined;
}

/** The engine's answer to a call, as both the POST and the WebSocket carry it; an error that is not Quire's is logged. */
async function answer(
  project: ProjectHandle,
  method: string,
  input: unknown,
  origin: string | undefined,
): Promise<WireResult<unknown>> {
  if (!isMethod(method)) return noMethod(method);
  try {
    return { ok: true, value: await call(project, method, input, { origin }) };
  } catch (e) {
    if (!isQuireError(e)) console.error(e);
    return wireError(
      isQuireError(e)
        ? e
        : new QuireError('internal', 'Something went wrong inside Quire; the details are in the server log.'),
    );
  }
}

const wireError = (e: QuireError): WireResult<unknown> => ({ ok: false, error: { code: e.code, message: e.message } });
const noMethod = (method: string) => wireError(new QuireError('not_found', `There is no method “${method}”.`));

/**
 * The page's calls over its WebSocket: each message one call ({ id, method, input }), each answered, in the order
 * the engine finishes them, with a binary message of the answer's JSON and the call's id. An answer larger than
 * SOCKET_ANSWER_LENGTH (a long text, thousands of codings) is fetched instead, from where the message says
 * ({ id, fetch }): one socket carries one message at a time, and a request of its own carries a large answer
 * beside the others. A message that is not a call closes the socket with the reason (only a broken page sends
 * one); a call larger than SOCKET_CALL_BYTES closes it too, as the page sends those as requests of their own.
 */
function serveSocket(ws: WebSocket, project: ProjectHandle, origin: string | undefined, large: LargeAnswers): void {
  ws.on('error', () => ws.terminate());
  ws.on('message', (data: RawData) => {
    const message = parseCall(data);
    if (!message) return ws.close(1007, 'A call is { id, method, input } in JSON.');
    void answer(project, message.method, message.input ?? {}, origin).then((result) => {
      if (ws.readyState !== ws.OPEN) return;
      const json = JSON.stringify(result);
      ws.send(
        Buffer.from(
          json.length > SOCKET_ANSWER_LENGTH
            ? JSON.stringify({ id: message.id, fetch: large.keep(json) })
            : `{"id":${message.id},${json.slice(1)}`,
        ),
      );
    });
  });
}

/**
 * Large answers to calls over the WebSocket, each kept until its page fetches it (GET ANSWERS_PATH + key, with
 * the token) or for ANSWER_KEPT_MS, whichever comes first.
 */
class LargeAnswers {
  private readonly kept = new Map<string, { json: string; timer: NodeJS.Timeout }>();

  keep(json: string): string {
    const key = randomBytes(16).toString('base64url');
    const timer = setTimeout(() => this.kept.delete(key), ANSWER_KEPT_MS);
    timer.unref();
    this.kept.set(key, { json, timer });
    return `${ANSWERS_PATH}${key}`;
  }

  take(key: string): string | undefined {
    const answer = this.kept.get(key);
    if (!answer) return undefined;
    clearTimeout(answer.timer);
    this.kept.delete(key);
    return answer.json;
  }

  clear(): void {
    for (const { timer } of this.kept.values()) clearTimeout(timer);
    this.kept.clear();
  }
}

/** Where a large answer is fetched from, and how long it is kept for its page (ms). */
const ANSWERS_PATH = '/api/answers/';
const ANSWER_KEPT_MS = 60_000;
/** The largest answer sent over the WebSocket itself (UTF-16 units of its JSON). */
const SOCKET_ANSWER_LENGTH = 64 * 1024;

function sendLargeAnswer(req: IncomingMessage, res: ServerResponse, large: LargeAnswers, path: string): void {
  if (req.method !== 'GET') return send(res, 405, 'An answer is fetched with GET.');
  const json = large.take(path.slice(ANSWERS_PATH.length));
  if (json === undefined)
    return sendWire(
      res,
      wireError(new QuireError('not_found', 'This answer was fetched already, or not within a minute of the call.')),
    );
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(json);
}

function parseCall(data: RawData): { id: number; method: string; input?: unknown } | null {
  let value: unknown;
  try {
    // A socket's messages come as one Buffer each (ws' binaryType is left as 'nodebuffer').
    value = JSON.parse((data as Buffer).toString('utf8'));
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const { id, method } = value as { id?: unknown; method?: unknown };
  return Number.isSafeInteger(id) && typeof method === 'string' ? (value as { id: number; method: string }) : null;
}

/** Refuses a WebSocket before it opens, with a status and the reason as a plain HTTP answer. */
function refuseUpgrade(socket: Duplex, status: 401 | 403, message: string): void {
  const reason = status === 401 ? 'Unauthorized' : 'Forbidden';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  project: ProjectHandle,
  maxBody: number,
): Promise<void> {
  if (req.method !== 'POST') return send(res, 405, 'API calls are POST requests.');
  // Refused before its body is read.
  if (!isMethod(method)) return sendWire(res, noMethod(method));
  // A body declared too large is refused before any of it is read.
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBody) return tooLarge(req, res, declared, maxBody);
  const body = await readBody(req, maxBody);
  if (body === null) return tooLarge(req, res, null, maxBody);
  let input: unknown;
  try {
    input = JSON.parse(body || '{}');
  } catch {
    return sendWire(res, wireError(new QuireError('invalid_input', 'The request is not valid JSON.')));
  }
  sendWire(res, await answer(project, method, input, clientIdOf(req.headers[CLIENT_HEADER])));
}

/** An answer as a response: 200, or the status of its error. */
const sendWire = (res: ServerResponse, result: WireResult<unknown>) =>
  sendJson(res, result.ok ? 200 : STATUS[result.error.code as ErrorCode], result);

/**
 * 413 with the reason, at once. The rest of the body is read and dropped (the
 * connection is not closed under the client's feet), so a client still
 * sending gets the answer instead of a reset connection.
 */
function tooLarge(req: IncomingMessage, res: ServerResponse, size: number | null, limit: number): void {
  const sent = size === null ? `The request is larger than ${megabytes(limit)}` : `The request is ${megabytes(size)}`;
  const message =
    `${sent}; the browser workbench takes up to ${megabytes(limit)} in one request: one file of ${megabytes(MAX_FILE_BYTES)}, the largest Quire imports. ` +
    'Send fewer files at a time, or use the command line (quire import, quire merge) for larger ones.';
  sendJson(res, 413, { ok: false, error: { code: 'invalid_input', message } });
  req.resume();
}

/** The request's body as text, or null when it grows larger than the limit (the rest is not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', keep);
      resolve(null);
    };
    req.on('data', keep);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function serveStatic(res: ServerResponse, root: string, pathname: string): void {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return send(res, 400, 'Bad path.');
  }
  const file = normalize(join(root, relative));
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'Not found.');
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
  createReadStream(file).pipe(res);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { project: { type: 'string' }, port: { type: 'string' } } });
  const path = values.project ?? process.env.QUIRE_PROJECT ?? defaultProjectPath();
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
    throw new QuireError('invalid_input', `--port wants a port number (0 to 65535), not “${values.port}”.`);
  }
  const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
  const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
  // A project that cannot be opened (damaged, from a newer Quire, busy, read-only) is said as the CLI says it, with its exit code.
  const project = await openOrCreateProject(path, {
    seedsDir,
    program: 'the Quire workbench (npm run web)',
    environment: readEnvironment(),
    // Bringing an older project up to date can take a while: said when it starts; the notice after says what was done.
    onUpdate: (p) => p.done === 0 && console.log(`Bringing ${visible(path)} up to date (${p.total} documents)…`),
    // The day's backup copies the whole project before the workbench opens: said, as it takes a while for a large one.
    onBackup: (bytes) => console.log(`Making today’s backup of ${visible(path)} (${fileSize(bytes)})…`),
  });
  // Reports print with a headless Chromium found on this machine.
  project.printer = chromiumPrinter;
  if (!existsSync(join(rendererDir, 'index.html'))) {
    closeProject(project);
    console.error('quire web: the renderer is not built; run `npm run build` first (npm run web does).');
    return EXIT.partial;
  }
  let server: WebServer;
  try {
    server = await startWebServer({ project, rendererDir, port });
  } catch (e) {
    closeProject(project);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES')
      throw new QuireError(
        'invalid_input',
        `Port ${port} cannot be used (${code === 'EADDRINUSE' ? 'another program is using it' : 'not allowed'}); choose another with --port, or leave it out for a free one.`,
      );
    throw e;
  }
  console.log(`Quire is serving ${visible(path)}`);
  for (const notice of project.notices ?? []) console.log(`Note: ${visible(notice)}`);
  console.log(`Open ${server.url}`);
  // Ctrl+C: the server stops, then the project closes; a server that cannot stop is said, not lost.
  const stop = () => {
    void server
      .close()
      .then(
        () => EXIT.ok,
        (e: unknown) => reportFailure('quire web', e),
      )
      .then((code) => {
        closeProject(project);
        process.exit(code);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return EXIT.ok;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const code = await main().catch((e: unknown) => reportFailure('quire web', e));
  if (code !== EXIT.ok) process.exit(code);
}
