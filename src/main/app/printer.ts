// The desktop app prints reports with its own Chromium: the report is loaded
// in a hidden window with JavaScript off (it has none) and printed to PDF.
import { app, BrowserWindow } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { failure, PAGE_SETUP, type PdfPrinter } from '../core/export/pdf.ts';

export const printWithElectron: PdfPrinter = async (html, options) => {
  const dir = await mkdtemp(join(app.getPath('temp'), 'quire-print-'));
  const window = new BrowserWindow({
    show: false,
    webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
  });
  const cancel = () => window.destroy();
  options.signal?.addEventListener('abort', cancel);
  try {
    const file = join(dir, 'report.html');
    await writeFile(file, html);
    await window.loadFile(file);
    return await window.webContents.printToPDF({ pageSize: options.paper, ...PAGE_SETUP });
  } catch (e) {
    throw failure(e, options.signal);
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    if (!window.isDestroyed()) window.destroy();
    await rm(dir, { recursive: true, force: true });
  }
};
