// The application menu, built from a description so it can be checked without Electron.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openProject(): void;
  openRecent(path: string): void;
  saveProjectAs(): void;
  importFiles(): void;
  importFolders(): void;
  find(): void;
  newPane(): void;
  closePane(): void;
  nextHit(): void;
  previousHit(): void;
  undo(): void;
  redo(): void;
}

export function menuTemplate(
  actions: MenuActions,
  recent: readonly string[],
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => actions.openProject() },
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((path) => ({ label: path, click: () => actions.openRecent(path) }))
            : [{ label: 'No recent projects', enabled: false }],
        },
        { label: 'Save Project As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.saveProjectAs() },
        { type: 'separator' },
        { label: 'Import Files…', accelerator: 'CmdOrCtrl+I', click: () => actions.importFiles() },
        { label: 'Import Folders…', accelerator: 'CmdOrCtrl+Shift+I', click: () => actions.importFolders() },
        { type: 'separator' },
        { label: 'Close Pane', accelerator: 'CmdOrCtrl+W', click: () => actions.closePane() },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      // Undo and redo go to the window: a text field undoes its typing, elsewhere the project's last change.
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => actions.undo() },
        { label: 'Redo', accelerator: mac ? 'Shift+Cmd+Z' : 'Ctrl+Y', click: () => actions.redo() },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&Search',
      submenu: [
        { label: 'Find…', accelerator: 'CmdOrCtrl+F', click: () => actions.find() },
        { label: 'Next Hit', accelerator: 'F3', click: () => actions.nextHit() },
        { label: 'Previous Hit', accelerator: 'Shift+F3', click: () => actions.previousHit() },
      ],
    },
    {
      label: '&View',
      submenu: [
        { label: 'New Pane', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newPane() },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
