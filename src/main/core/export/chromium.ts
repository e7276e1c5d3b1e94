// Headless Chromium, for printing reports to PDF from the command line and the
// browser harness (the desktop app prints with Electron's own Chromium). The
// browser gets no network and runs only the pages we give it.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { QuireError } from '../../../shared/errors.ts';

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

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumExecutable();
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
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
