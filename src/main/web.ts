// The browser harness: the built renderer and the same API over HTTP on the
// loopback interface. Every API call needs the random token from the printed
// URL; Host and Origin are checked first, so neither another origin nor a
// rebound DNS name can reach the project.
import { timingSafeEqual, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isQuireError } from '../shared/errors.ts';
import type { WireResult } from '../shared/methods.ts';
import { call, isMethod } from './core/engine.ts';
import { closeProject, defaultProjectPath, openOrCreateProject, type ProjectHandle } from './core/project.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';

export interface WebServerOptions {
  project: ProjectHandle;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
  /** Largest request body accepted, in bytes. */
  maxBody?: number;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-quire-token';
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
  const maxBody = options.maxBody ?? 64 * 1024 * 1024;
  const root = normalize(options.rendererDir + sep);
  let port = 0;

  const server = createServer((req, res) => {
    const allowed = new Set([`${HOST}:${port}`, `localhost:${port}`]);
    if (!allowed.has(req.headers.host ?? '')) return send(res, 403, 'This server answers only on its own loopback address.');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(origin.replace(/^http:\/\//, ''))) return send(res, 403, 'Requests from other origins are refused.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname.startsWith('/api/')) {
      if (!validToken(req.headers[TOKEN_HEADER], token)) return send(res, 401, 'A valid token is required.');
      return void handleApi(req, res, url.pathname.slice(5), options.project, maxBody);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
    serveStatic(res, root, url.pathname);
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
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
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(JSON.stringify(value));
}

async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, project: ProjectHandle, maxBody: number): Promise<void> {
  if (req.method !== 'POST') return send(res, 405, 'API calls are POST requests.');
  if (!isMethod(method)) return sendJson(res, 404, { ok: false, error: { code: 'not_found', message: `There is no method “${method}”.` } });
  let input: unknown;
  try {
    input = JSON.parse((await readBody(req, maxBody)) || '{}');
  } catch (e) {
    return sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: (e as Error).message.startsWith('The request') ? (e as Error).message : 'The request is not valid JSON.' } });
  }
  let result: WireResult<unknown>;
  try {
    result = { ok: true, value: await call(project, method, input) };
  } catch (e) {
    if (!isQuireError(e)) console.error(e);
    result = isQuireError(e)
      ? { ok: false, error: { code: e.code, message: e.message } }
      : { ok: false, error: { code: 'internal', message: 'Something went wrong inside Quire; the details are in the server log.' } };
  }
  sendJson(res, 200, result);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error(`The request is larger than ${Math.round(limit / 1024 / 1024)} MB.`));
        req.destroy();
      } else chunks.push(chunk);
    });
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

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { project: { type: 'string' }, port: { type: 'string' } } });
  const path = values.project ?? process.env.QUIRE_PROJECT ?? defaultProjectPath();
  const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
  const rendererDir = fileURLToPath(new URL('../../out/renderer', import.meta.url));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    console.error('quire web: the renderer is not built; run `npm run build` first (npm run web does).');
    process.exit(1);
  }
  let project: ProjectHandle;
  try {
    project = await openOrCreateProject(path, { seedsDir, program: 'the Quire workbench (npm run web)' });
  } catch (e) {
    // A project that cannot be opened (damaged, missing, from a newer Quire): said in words, as the CLI says it.
    if (!isQuireError(e)) throw e;
    console.error(`quire web: ${e.message}`);
    process.exit(3);
  }
  const server = await startWebServer({ project, rendererDir, port: values.port ? Number(values.port) : undefined });
  console.log(`Quire is serving ${path}`);
  for (const notice of project.notices ?? []) console.log(`Note: ${notice}`);
  console.log(`Open ${server.url}`);
  const stop = async () => {
    await server.close();
    closeProject(project);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
