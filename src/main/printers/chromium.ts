// The PDF printer of the command line and the browser harness: a headless
// Chromium found on this machine (the desktop app prints with Electron's own,
// app/printer.ts). A platform adapter beside that one: the engine knows only the
// PdfPrinter it is given (core/export/pdf.ts). The browser gets no network and
// runs only the pages we give it.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { QuireError } from '../../shared/errors.ts';
import { PAGE_SETUP, type PdfPrinter } from '../core/export/pdf.ts';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Where Chromium is: CHROMIUM_PATH, else the usual places; null when there is none. */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

export async function launchChromium(env: NodeJS.ProcessEnv = process.env): Promise<Browser> {
  const executablePath = chromiumExecutable(env);
  if (!executablePath) {
    throw new QuireError(
      'invalid_input',
      'Printing a PDF here needs Chromium or Chrome, and neither was found. Install Chromium (on Debian or Ubuntu: apt-get install chromium), or set CHROMIUM_PATH to its program.',
    );
  }
  // Loaded on the first PDF: playwright is large, and most runs of Quire print nothing.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Prints with a headless Chromium started for the job and closed after it (a cancel closes it at once; exportFile reports the cancel). */
export const chromiumPrinter: PdfPrinter = async (html, options) => {
  const browser = await launchChromium();
  const abort = () => void browser.close();
  options.signal?.addEventListener('abort', abort);
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    // Nothing leaves the machine: the report is self-contained.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: options.paper, ...PAGE_SETUP });
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await browser.close();
  }
};
