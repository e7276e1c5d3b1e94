// The Electron shell: one window over the engine. Everything else lives in core.
import { app, BrowserWindow, Menu } from 'electron';
import { join } from 'node:path';
import { isQuireError } from '../../shared/errors.ts';
import { mergeNotes, mergePhrases } from '../../shared/merge-summary.ts';
import { isExchangeFile, SHELL_COMMAND_CHANNEL, type ShellCommand } from '../../shared/methods.ts';
import { count, plural } from '../../shared/text.ts';
import { call } from '../core/engine.ts';
import { closeProject, openOrCreateProject, type ProjectHandle } from '../core/project.ts';
import { defaultProjectPath, readEnvironment } from '../environment.ts';
import { chooseImports, chooseProject, chooseSaveAs, confirmAction, showError, showInfo } from './dialogs.ts';
import { printWithElectron } from './printer.ts';
import { forwardEvents, registerIpc } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { registerScheme, serveRenderer } from './protocol.ts';
import { APP_ORIGIN, installGuards, secureWebPreferences } from './security.ts';
import { addRecent, loadState, saveState, type AppState } from './state.ts';

const here = import.meta.dirname;
const seedsDir = app.isPackaged ? join(process.resourcesPath, 'seeds') : join(here, '../../seeds');
const stateFile = () => join(app.getPath('userData'), 'state.json');

let project: ProjectHandle | null = null;
/** Stops sending the current project's events to the window. */
let stopEvents: () => void = () => undefined;
let window: BrowserWindow | null = null;
let state: AppState;

/** A .quire file named on the command line (a double-click on a project, where the OS passes it so). */
function projectFromArgs(argv: readonly string[]): string | null {
  return argv.slice(1).find((a) => a.endsWith('.quire') && !a.startsWith('-')) ?? null;
}

function send(command: ShellCommand): void {
  window?.webContents.send(SHELL_COMMAND_CHANNEL, command);
}

/** Opens a project (creating it with the seeds when new) and makes it the current one. */
async function switchProject(path: string): Promise<void> {
  try {
    const next = await openOrCreateProject(path, {
      seedsDir,
      program: 'the Quire desktop app',
      environment: readEnvironment(),
      // Bringing an older project up to date (its search index made anew) shows on the window's progress bar.
      onUpdate: (p) => window?.setProgressBar(p.total ? p.done / p.total : -1),
      // So does the day's backup, which copies the whole project (a bar that moves without a measure: above 1).
      onBackup: () => window?.setProgressBar(2),
    });
    window?.setProgressBar(-1);
    if (project) closeProject(project);
    stopEvents();
    // Reports print with the app's own Chromium.
    next.printer = printWithElectron;
    project = next;
    stopEvents = forwardEvents(next, () => (window?.isDestroyed() ? null : window?.webContents));
    state = addRecent(state, path);
    saveState(stateFile(), state);
    buildMenu();
    window?.setTitle(`Quire — ${path}`);
    send('projectChanged');
  } catch (e) {
    showError(window, 'The project could not be opened', isQuireError(e) ? e.message : String(e));
  }
}

async function saveProjectAs(): Promise<void> {
  if (!window || !project) return;
  const target = await chooseSaveAs(window);
  if (!target) return;
  try {
    project.db.prepare('VACUUM INTO ?').run(target);
    await switchProject(target);
  } catch (e) {
    showError(window, 'The project could not be saved', (e as Error).message);
  }
}

async function importChosen(folders: boolean): Promise<void> {
  if (!window || !project) return;
  const chosen = await chooseImports(window, folders);
  if (!chosen.length) return;
  // Projects (Quire, or REFI-QDA from other QDA programs) are merged in, after a preview, not imported as articles.
  for (const path of chosen.filter(isExchangeFile)) {
    try {
      const preview = await call(project, 'previewMerge', { path });
      const detail = [mergePhrases(preview).join('; ') + '.', ...mergeNotes(preview)].join('\n');
      if (!(await confirmAction(window, `Merge ${preview.file} into this project?`, detail, 'Merge'))) continue;
      // The merge's changes reach the window as an event, as every call's do.
      const merged = await call(project, 'mergeProject', { path });
      showInfo(window, `Merged ${merged.file}`, `${mergePhrases(merged).join('; ')}. Undo takes it all back.`);
    } catch (e) {
      showError(window, `${path} was not merged`, (e as Error).message);
    }
  }
  const paths = chosen.filter((p) => !isExchangeFile(p));
  if (!paths.length) return;
  window.setProgressBar(0);
  // Through the engine, like every other caller, so the import is logged under the coder's name.
  const report = await call(
    project,
    'importFiles',
    { paths },
    { onProgress: (p) => window?.setProgressBar(p.total ? p.done / p.total : -1) },
  );
  window.setProgressBar(-1);
  const failed = report.files.filter((f) => f.status === 'failed').slice(0, 10);
  const total = report.imported + report.duplicates + report.failed + report.skipped;
  showInfo(
    window,
    `Imported ${count(report.imported)} of ${plural(total, report.fromExports ? 'document' : 'file')}`,
    [
      `${count(report.duplicates)} already in the project, ${count(report.failed)} failed, ${count(report.skipped)} skipped.`,
      ...failed.map((f) => `${f.path}: ${f.message}`),
      ...(report.more
        ? [
            `${count(report.more.count)} more to look at ${report.more.count === 1 ? 'is' : 'are'} listed in ${report.more.log}`,
          ]
        : []),
    ].join('\n'),
  );
}

/** Runs a menu command; a failure it did not answer itself is shown in a dialog, never dropped. */
function run(what: string, command: () => Promise<void>): void {
  command().catch((e: unknown) => showError(window, `${what} failed`, isQuireError(e) ? e.message : String(e)));
}

function buildMenu(): void {
  const template = menuTemplate(
    {
      openProject: () =>
        run('Opening a project', async () => {
          const path = window && (await chooseProject(window));
          if (path) await switchProject(path);
        }),
      // switchProject and saveProjectAs show their own failures.
      openRecent: (path) => void switchProject(path),
      saveProjectAs: () => void saveProjectAs(),
      importFiles: () => run('The import', () => importChosen(false)),
      importFolders: () => run('The import', () => importChosen(true)),
      find: () => send('find'),
      newPane: () => send('newPane'),
      closePane: () => send('closePane'),
      nextHit: () => send('nextHit'),
      previousHit: () => send('previousHit'),
      undo: () => send('undo'),
      redo: () => send('redo'),
    },
    state.recentProjects,
    process.platform,
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function createWindow(): Promise<void> {
  const bounds = state.window;
  window = new BrowserWindow({
    ...bounds,
    minWidth: 800,
    minHeight: 500,
    title: `Quire — ${project?.path ?? ''}`,
    show: false,
    webPreferences: secureWebPreferences(join(here, '../preload/index.cjs')),
  });
  if (bounds.maximized) window.maximize();
  window.once('ready-to-show', () => window?.show());
  window.on('close', () => {
    if (!window) return;
    state = { ...state, window: { ...window.getNormalBounds(), maximized: window.isMaximized() } };
    saveState(stateFile(), state);
  });
  window.on('closed', () => (window = null));
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

registerScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    const path = projectFromArgs(argv);
    if (path) void switchProject(path);
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (app.isReady()) void switchProject(path);
    else process.argv.push(path);
  });

  const start = async () => {
    state = loadState(stateFile());
    installGuards();
    serveRenderer(join(here, '../renderer'));
    registerIpc(() => {
      if (!project) throw new Error('No project is open.');
      return project;
    });
    await switchProject(projectFromArgs(process.argv) ?? process.env.QUIRE_PROJECT ?? defaultProjectPath());
    await createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) run('Opening the window', createWindow);
    });
  };
  // A start that fails says why (with no window yet, in a message box) and quits, rather than leaving no window.
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      showError(null, 'Quire could not start', isQuireError(e) ? e.message : String(e));
      app.quit();
    });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') {
      if (project) closeProject(project);
      project = null;
      app.quit();
    }
  });
}
