// The Electron shell: one window over the engine. Everything else lives in core.
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { defaultProjectPath, openOrCreateProject, type ProjectHandle } from '../core/project.ts';
import { registerIpc } from './ipc.ts';
import { registerScheme, serveRenderer } from './protocol.ts';
import { APP_ORIGIN, installGuards, secureWebPreferences } from './security.ts';

const here = import.meta.dirname;
const seedsDir = app.isPackaged ? join(process.resourcesPath, 'seeds') : join(here, '../../seeds');
let project: ProjectHandle | null = null;

registerScheme();

async function createWindow(): Promise<void> {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'Quire',
    show: false,
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(async () => {
  installGuards();
  serveRenderer(join(here, '../renderer'));
  project = await openOrCreateProject(process.env.QUIRE_PROJECT ?? defaultProjectPath(), { seedsDir });
  registerIpc(() => project!);
  await createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  project?.db.close();
  project = null;
  if (process.platform !== 'darwin') app.quit();
});
