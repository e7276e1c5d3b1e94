// The desktop app prints reports with its own Chromium: the report is loaded
// in a hidden window with JavaScript off (it has none) from the app's own
// quire:// protocol (never from a file:// page) and printed to PDF.
import { BrowserWindow } from 'electron';
import { failure, PAGE_SETUP, type PdfPrinter } from '../core/export/pdf.ts';
import { hostReport } from './protocol.ts';

export const printWithElectron: PdfPrinter = async (html, options) => {
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const cancel = () => window.destroy();
  options.signal?.addEventListener('abort', cancel);
  const page = hostReport(html);
  try {
    await window.loadURL(page.url);
    return await window.webContents.printToPDF({ pageSize: options.paper, ...PAGE_SETUP });
  } catch (e) {
    throw failure(e, options.signal);
  } finally {
    page.release();
    options.signal?.removeEventListener('abort', cancel);
    if (!window.isDestroyed()) window.destroy();
  }
};
