// Serves the built renderer from quire://app/, never from file:// or the network,
// and reports being printed from quire://report/<random id>, held in memory for
// the time of the print.
import { net, protocol } from 'electron';
import { randomUUID } from 'node:crypto';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPORT_CSP } from '../core/export/html.ts';
import { CONTENT_SECURITY_POLICY } from '../csp.ts';

export const REPORT_ORIGIN = 'quire://report';

const reports = new Map<string, string>();

export function registerScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'quire', privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** A report's HTML, served at the URL returned until `release` is called. */
export function hostReport(html: string): { url: string; release(): void } {
  const id = randomUUID();
  reports.set(id, html);
  return { url: `${REPORT_ORIGIN}/${id}`, release: () => void reports.delete(id) };
}

export function serveRenderer(rendererDir: string): void {
  const root = normalize(rendererDir + sep);
  protocol.handle('quire', async (request) => {
    const url = new URL(request.url);
    if (url.host === 'report') return reportResponse(url.pathname.slice(1));
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = normalize(join(root, relative));
    if (!file.startsWith(root)) return new Response('Forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function reportResponse(id: string): Response {
  const html = reports.get(id);
  if (html === undefined) return new Response('Not found', { status: 404 });
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': REPORT_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}
