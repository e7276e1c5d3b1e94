// Starts the browser harness on a new project with the seeds and drives Debian's
// Chromium against it with playwright-core.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumExecutable, chromiumPrinter, launchChromium } from '../../src/main/printers/chromium.ts';
import { readEnvironment } from '../../src/main/environment.ts';
import { closeProject, openOrCreateProject, type ProjectHandle } from '../../src/main/core/project.ts';
import { startWebServer, type WebServer } from '../../src/main/web.ts';
import { VIEWPORT } from '../../fixtures/workbench.ts';
import { ROOT, SEEDS_DIR } from './project.ts';

/** Debian's Chromium (or CHROMIUM_PATH), found and launched as the PDF printer does it. */
export const CHROMIUM = chromiumExecutable() ?? '/usr/bin/chromium';
export { chromiumPrinter, launchChromium };

export const SHOTS = join(ROOT, '.tmp', 'screenshots');

export interface Harness {
  project: ProjectHandle;
  server: WebServer;
  browser: Browser;
  page: Page;
  /** Saves a screenshot under .tmp/screenshots for a person to look at. */
  shot(name: string): Promise<void>;
  /** Saves the screen as it is now four times: light and dark, at 100% and 200% (`name-light-1x.png` …). */
  shots(name: string): Promise<void>;
  /** Reloads the workbench (after setting the project up through the engine) and waits for its library. */
  reload(): Promise<void>;
  /** Holds each call of `method` over the page's WebSocket this long before the engine gets it (null: no more); needs `delayableCalls`. */
  delay(method: string, ms: number | null): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Done to the project file (created with the seeds, then closed) before the workbench opens it: make it read-only, say. */
  beforeOpening?: (path: string) => void;
  /**
   * The page without WebSocket, as in a browser that has none: the workbench then makes every call a request of its
   * own, which a test can hold, delay or fail with page.route (and see with page.on('request')).
   */
  requestsOnly?: boolean;
  /** The page's WebSocket passes through the test, so that `delay` can hold its calls (page.route sees only requests). */
  delayableCalls?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  const rendererDir = join(ROOT, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new Error('The renderer is not built: run npm run build (npm test does).');
  const dir = mkdtempSync(join(tmpdir(), 'quire-e2e-'));
  const path = join(dir, 'e2e.quire');
  // The workbench as `npm run web` opens it, on a machine of its own: its user data folder is beside the project.
  const environment = readEnvironment({ QUIRE_HOME: join(dir, 'home') });
  let project = await openOrCreateProject(path, { seedsDir: SEEDS_DIR, environment });
  if (options.beforeOpening) {
    closeProject(project);
    options.beforeOpening(path);
    project = await openOrCreateProject(path, { environment });
  }
  project.printer = chromiumPrinter;
  const server = await startWebServer({ project, rendererDir });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: VIEWPORT });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const library = () => page.waitForSelector('.library-row button');
  if (options.requestsOnly) await page.addInitScript(() => Reflect.deleteProperty(globalThis, 'WebSocket'));
  const delays = new Map<string, number>();
  if (options.delayableCalls)
    await page.routeWebSocket(/\/api\/socket/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        const held = delays.get((JSON.parse(String(message)) as { method: string }).method);
        if (held) setTimeout(() => server.send(message), held);
        else server.send(message);
      });
    });
  await page.goto(server.url);
  await library();
  mkdirSync(SHOTS, { recursive: true });
  return {
    project,
    server,
    browser,
    page,
    delay: (method, ms) => {
      if (!options.delayableCalls) throw new Error('delay needs a harness started with delayableCalls.');
      if (ms === null) delays.delete(method);
      else delays.set(method, ms);
    },
    shot: async (name) => void (await page.screenshot({ path: join(SHOTS, `${name}.png`) })),
    shots: async (name) => {
      // The same page, so what is open (a popover, a notice) stays open: the colour scheme and the
      // pixel ratio are switched under it, then put back.
      const cdp = await page.context().newCDPSession(page);
      // At the page's own size (a test may have narrowed it), so 2x of a 640×360 page is a 1280×720 window at 200%.
      const size = page.viewportSize() ?? VIEWPORT;
      try {
        for (const scheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme: scheme });
          for (const scale of [1, 2]) {
            await cdp.send('Emulation.setDeviceMetricsOverride', { ...size, deviceScaleFactor: scale, mobile: false });
            // Chromium's own capture: Playwright's would scale back to the pixel ratio it set itself.
            const { data } = await cdp.send('Page.captureScreenshot', { format: 'png' });
            writeFileSync(join(SHOTS, `${name}-${scheme}-${scale}x.png`), Buffer.from(data, 'base64'));
          }
        }
      } finally {
        await cdp.send('Emulation.setDeviceMetricsOverride', { ...size, deviceScaleFactor: 1, mobile: false });
        await page.emulateMedia({ colorScheme: null });
        await cdp.detach();
      }
    },
    reload: async () => {
      await page.reload();
      await library();
    },
    close: async () => {
      await browser.close();
      await server.close();
      closeProject(project);
      rmSync(dir, { recursive: true, force: true });
      if (errors.length) throw new Error(`The page threw: ${errors.join('; ')}`);
    },
  };
}
