// The file dialogs of the desktop app.
import { dialog, type BrowserWindow } from 'electron';
import { EXCHANGE_EXTENSIONS } from '../../shared/methods.ts';
import { supportedExtensions } from '../core/corpus/importers/index.ts';

const PROJECT_FILTER = [{ name: 'Quire project', extensions: ['quire'] }];

export async function chooseProject(window: BrowserWindow): Promise<string | null> {
  const r = await dialog.showOpenDialog(window, {
    title: 'Open Project',
    filters: PROJECT_FILTER,
    properties: ['openFile'],
  });
  return r.canceled ? null : (r.filePaths[0] ?? null);
}

export async function chooseSaveAs(window: BrowserWindow): Promise<string | null> {
  const r = await dialog.showSaveDialog(window, {
    title: 'Save Project As',
    filters: PROJECT_FILTER,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (r.canceled || !r.filePath) return null;
  return r.filePath.endsWith('.quire') ? r.filePath : `${r.filePath}.quire`;
}

export async function chooseImports(window: BrowserWindow, folders: boolean): Promise<string[]> {
  const r = await dialog.showOpenDialog(window, {
    title: folders ? 'Import Folders' : 'Import Files',
    filters: folders
      ? undefined
      : [
          {
            name: 'Articles and projects to merge',
            extensions: [...supportedExtensions(), ...EXCHANGE_EXTENSIONS].map((e) => e.slice(1)),
          },
          {
            name: 'Projects to merge (Quire, REFI-QDA projects and codebooks)',
            extensions: EXCHANGE_EXTENSIONS.map((e) => e.slice(1)),
          },
        ],
    properties: folders ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
  });
  return r.canceled ? [] : r.filePaths;
}

export function showError(window: BrowserWindow | null, title: string, message: string): void {
  if (window) void dialog.showMessageBox(window, { type: 'error', title, message: title, detail: message });
  else dialog.showErrorBox(title, message);
}

export function showInfo(window: BrowserWindow, title: string, message: string): void {
  void dialog.showMessageBox(window, { type: 'info', title, message: title, detail: message });
}

/** Asks before a change that is hard to take in at a glance (a merge): true when the user chose `action`. */
export async function confirmAction(
  window: BrowserWindow,
  title: string,
  detail: string,
  action: string,
): Promise<boolean> {
  const { response } = await dialog.showMessageBox(window, {
    type: 'question',
    title,
    message: title,
    detail,
    buttons: [action, 'Cancel'],
    defaultId: 0,
    cancelId: 1,
  });
  return response === 0;
}
