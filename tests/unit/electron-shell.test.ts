// The desktop shell's security settings, tested on the code that sets them.
// 'electron' is replaced by a recording fake: the real module would try to
// download its binary, which no test may do.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ROOT } from '../helpers/project.ts';

const recorded = vi.hoisted(() => ({
  appHandlers: new Map<string, (...args: unknown[]) => void>(),
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  protocolHandler: null as null | ((request: Request) => Promise<Response>),
  schemes: [] as unknown[],
  permissionHandler: null as null | ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void),
  permissionCheck: null as null | (() => boolean),
  opened: [] as string[],
  spellChecker: { enabled: true, languages: ['en-GB'] as string[] },
  windows: [] as FakeWindow[],
}));

/** What the report printer does with its window: the URL it loads, what that URL served meanwhile, whether it loaded a file. */
interface FakeWindow {
  options: { webPreferences?: Record<string, unknown> };
  loadedUrl: string | null;
  servedDuringPrint: string | null;
  loadedFile: string | null;
  destroyed: boolean;
}

vi.mock('electron', () => ({
  app: {
    on: (event: string, handler: (...args: unknown[]) => void) => recorded.appHandlers.set(event, handler),
    getPath: () => tmpdir(),
  },
  BrowserWindow: class {
    state: FakeWindow;
    webContents = {
      printToPDF: async () => {
        // What the page's URL serves while it prints, through the app's protocol handler.
        const response = await recorded.protocolHandler!(new Request(this.state.loadedUrl ?? 'quire://nothing/'));
        this.state.servedDuringPrint = response.ok ? await response.text() : null;
        return new Uint8Array([0x25, 0x50, 0x44, 0x46]);
      },
    };
    constructor(options: FakeWindow['options']) {
      this.state = { options, loadedUrl: null, servedDuringPrint: null, loadedFile: null, destroyed: false };
      recorded.windows.push(this.state);
    }
    async loadURL(url: string) {
      this.state.loadedUrl = url;
    }
    async loadFile(file: string) {
      this.state.loadedFile = file;
    }
    isDestroyed() {
      return this.state.destroyed;
    }
    destroy() {
      this.state.destroyed = true;
    }
  },
  session: {
    defaultSession: {
      setSpellCheckerEnabled: (enabled: boolean) => (recorded.spellChecker.enabled = enabled),
      setSpellCheckerLanguages: (languages: string[]) => (recorded.spellChecker.languages = languages),
      setPermissionRequestHandler: (h: typeof recorded.permissionHandler) => (recorded.permissionHandler = h),
      setPermissionCheckHandler: (h: typeof recorded.permissionCheck) => (recorded.permissionCheck = h),
    },
  },
  shell: { openExternal: async (url: string) => void recorded.opened.push(url) },
  ipcMain: {
    handle: (channel: string, handler: (...args: unknown[]) => unknown) => recorded.ipcHandlers.set(channel, handler),
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.schemes.push(...schemes),
    handle: (_scheme: string, handler: typeof recorded.protocolHandler) => (recorded.protocolHandler = handler),
  },
  net: {
    fetch: async (url: string) =>
      new Response(`contents of ${url}`, { status: 200, headers: { 'content-type': 'text/html' } }),
  },
}));

const { secureWebPreferences, installGuards, isAppUrl, openExternalSafely, APP_ORIGIN } =
  await import('../../src/main/app/security.ts');
const { registerScheme, serveRenderer, hostReport } = await import('../../src/main/app/protocol.ts');
const { printWithElectron } = await import('../../src/main/app/printer.ts');
const { registerIpc } = await import('../../src/main/app/ipc.ts');
const { menuTemplate } = await import('../../src/main/app/menu.ts');
const { addRecent, loadState, saveState, DEFAULT_STATE, MAX_RECENT } = await import('../../src/main/app/state.ts');
const { openProject } = await import('../../src/main/core/db/open.ts');
const { methodNames } = await import('../../src/shared/api.ts');

/** A fake webContents that records the handlers installGuards attaches. */
function fakeContents() {
  const on = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  return {
    contents: {
      on: (event: string, handler: (e: { preventDefault(): void }, url: string) => void) => on.set(event, handler),
      setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
    },
    navigate(event: string, url: string) {
      let prevented = false;
      on.get(event)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    },
    open: (url: string) => openHandler!({ url }),
  };
}

beforeEach(() => {
  recorded.opened.length = 0;
});

describe('window preferences', () => {
  it('isolate the page: context isolation, sandbox, no Node, web security on, no webview', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toMatchObject({
      preload: '/p/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('no network request the user did not ask for', () => {
  it('checks spelling only on macOS, whose own checker needs no download', () => {
    expect(secureWebPreferences('/p/preload.cjs', 'linux').spellcheck).toBe(false);
    expect(secureWebPreferences('/p/preload.cjs', 'win32').spellcheck).toBe(false);
    expect(secureWebPreferences('/p/preload.cjs', 'darwin').spellcheck).toBe(true);
  });

  it('turns the spellchecker off for the whole session on Windows and Linux, with no language to fetch a dictionary for', () => {
    for (const platform of ['linux', 'win32'] as const) {
      recorded.spellChecker = { enabled: true, languages: ['en-GB'] };
      installGuards(platform);
      expect(recorded.spellChecker).toEqual({ enabled: false, languages: [] });
    }
    recorded.spellChecker = { enabled: true, languages: ['en-GB'] };
    installGuards('darwin');
    expect(recorded.spellChecker).toEqual({ enabled: true, languages: ['en-GB'] });
  });

  it('asks for spelling nowhere in the shell but through checksSpelling (no window of its own turns it on)', () => {
    const shell = ['index.ts', 'printer.ts', 'security.ts', 'dialogs.ts', 'menu.ts']
      .map((f) => readFileSync(join(ROOT, 'src', 'main', 'app', f), 'utf8'))
      .join('\n');
    expect(shell).not.toMatch(/spellcheck:\s*true/);
    expect(shell).not.toMatch(/setSpellCheckerEnabled\(true\)/);
  });
});

describe('guards', () => {
  installGuards('linux');

  it('deny every permission request and check', () => {
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read'])
      recorded.permissionHandler!(null, permission, (g) => answers.push(g));
    expect(answers).toEqual([false, false, false, false]);
    expect(recorded.permissionCheck!()).toBe(false);
  });

  it('deny navigation and redirects away from the app, and webviews', () => {
    const wc = fakeContents();
    recorded.appHandlers.get('web-contents-created')!({}, wc.contents);
    expect(wc.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.navigate('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(wc.navigate('will-navigate', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(wc.navigate('will-attach-webview', 'about:blank')).toBe(true);
  });

  it('deny new windows, opening only web and mail links in the browser', () => {
    const wc = fakeContents();
    recorded.appHandlers.get('web-contents-created')!({}, wc.contents);
    for (const url of [
      'https://news.example/a',
      'mailto:a@b.example',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'quire://app/x',
      'not a url',
    ]) {
      expect(wc.open(url)).toEqual({ action: 'deny' });
    }
    expect(recorded.opened).toEqual(['https://news.example/a', 'mailto:a@b.example']);
  });

  it('recognise only the app origin as the app', () => {
    expect(isAppUrl('quire://app/index.html')).toBe(true);
    expect(isAppUrl('quire://app.evil/index.html')).toBe(false);
    expect(isAppUrl('https://app/index.html')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
    openExternalSafely('ftp://x.example/');
    expect(recorded.opened).toEqual([]);
  });
});

describe('the quire:// protocol', () => {
  registerScheme();
  const dir = mkdtempSync(join(tmpdir(), 'quire-protocol-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html>');
  serveRenderer(dir);

  it('is registered as a standard, secure scheme', () => {
    expect(recorded.schemes).toEqual([
      { scheme: 'quire', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer folder with a strict CSP', async () => {
    const response = await recorded.protocolHandler!(new Request('quire://app/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`contents of file://${join(dir, 'index.html')}`);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves nothing outside it, nor for another host', async () => {
    // Encoded slashes survive URL parsing and would climb out once decoded.
    expect((await recorded.protocolHandler!(new Request('quire://app/..%2F..%2Fetc%2Fpasswd'))).status).toBe(403);
    // Dot segments are folded by the URL parser itself, so they stay inside the folder.
    const folded = await recorded.protocolHandler!(new Request('quire://app/%2e%2e/%2e%2e/etc/passwd'));
    expect(await folded.text()).toBe(`contents of file://${join(dir, 'etc', 'passwd')}`);
    expect((await recorded.protocolHandler!(new Request('quire://other/index.html'))).status).toBe(404);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('printing a report', () => {
  const html = '<!doctype html><title>Report</title><p>Лукашенко “quoted”</p>';

  it("loads the report from the app's own protocol, never from a file:// page, and forgets it after printing", async () => {
    recorded.windows.length = 0;
    const pdf = await printWithElectron(html, { paper: 'A4' });
    expect(pdf).toEqual(new Uint8Array([0x25, 0x50, 0x44, 0x46]));
    const [window] = recorded.windows;
    expect(window!.loadedFile).toBeNull();
    expect(window!.loadedUrl).toMatch(/^quire:\/\/report\/[0-9a-f-]{36}$/);
    expect(window!.servedDuringPrint).toBe(html);
    expect(window!.options.webPreferences).toMatchObject({ javascript: false, sandbox: true, spellcheck: false });
    expect(window!.destroyed).toBe(true);
    expect((await recorded.protocolHandler!(new Request(window!.loadedUrl!))).status).toBe(404);
  });

  it('serves a report only at its own unguessable address, with a policy that loads and runs nothing', async () => {
    const page = hostReport(html);
    const response = await recorded.protocolHandler!(new Request(page.url));
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(
      (await recorded.protocolHandler!(new Request('quire://report/00000000-0000-0000-0000-000000000000'))).status,
    ).toBe(404);
    page.release();
    expect((await recorded.protocolHandler!(new Request(page.url))).status).toBe(404);
  });
});

describe('IPC', () => {
  const db = openProject(':memory:');
  registerIpc(() => ({ db, path: ':memory:' }));
  const invoke = (method: string, url: string, input: unknown) =>
    recorded.ipcHandlers.get(`quire:${method}`)!(
      { senderFrame: url === '' ? null : { url } },
      input,
    ) as Promise<unknown>;

  it('has one channel per contract method', () => {
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual(methodNames.map((m) => `quire:${m}`).sort());
  });

  it('answers our own frame, with input validated', async () => {
    expect(await invoke('projectInfo', 'quire://app/index.html', {})).toMatchObject({
      ok: true,
      value: { documents: 0 },
    });
    expect(await invoke('search', 'quire://app/index.html', { query: 7 })).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^Invalid input for search/) },
    });
  });

  it('refuses any other sender frame', async () => {
    for (const url of ['https://evil.example/', 'file:///x.html', 'about:blank', '']) {
      expect(await invoke('projectInfo', url, {})).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'This window may not call Quire.' },
      });
    }
  });
});

describe('menu', () => {
  const actions = {
    openProject: vi.fn(),
    openRecent: vi.fn(),
    saveProjectAs: vi.fn(),
    importFiles: vi.fn(),
    importFolders: vi.fn(),
    find: vi.fn(),
    newPane: vi.fn(),
    closePane: vi.fn(),
    nextHit: vi.fn(),
    previousHit: vi.fn(),
    undo: vi.fn(),
    redo: vi.fn(),
  };
  type Item = { label?: string; accelerator?: string; role?: string; submenu?: Item[]; click?: () => void };
  const items = (template: Item[]): Item[] => template.flatMap((i) => [i, ...items(i.submenu ?? [])]);
  const find = (template: Item[], label: string) => items(template).find((i) => i.label === label)!;

  it('has the usual shortcuts, wired to their actions', () => {
    const template = menuTemplate(actions, ['/a.quire'], 'linux') as Item[];
    const shortcuts = Object.fromEntries(
      items(template)
        .filter((i) => i.accelerator)
        .map((i) => [i.label, i.accelerator]),
    );
    expect(shortcuts).toMatchObject({
      'Open Project…': 'CmdOrCtrl+O',
      'Save Project As…': 'CmdOrCtrl+Shift+S',
      'Import Files…': 'CmdOrCtrl+I',
      'Find…': 'CmdOrCtrl+F',
      'Close Pane': 'CmdOrCtrl+W',
      'Next Hit': 'F3',
    });
    expect(shortcuts).toMatchObject({ Undo: 'CmdOrCtrl+Z', Redo: 'Ctrl+Y' });
    find(template, 'Undo').click!();
    expect(actions.undo).toHaveBeenCalledOnce();
    find(template, 'Import Files…').click!();
    find(template, '/a.quire').click!();
    expect(actions.importFiles).toHaveBeenCalledOnce();
    expect(actions.openRecent).toHaveBeenCalledWith('/a.quire');
    expect(find(menuTemplate(actions, [], 'linux') as Item[], 'No recent projects')).toBeTruthy();
  });
});

describe('remembered state', () => {
  it('keeps recent projects, most recent first, at most ten, and survives a damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quire-state-'));
    const file = join(dir, 'state.json');
    expect(loadState(file)).toEqual(DEFAULT_STATE);
    let state = DEFAULT_STATE;
    for (let i = 0; i < 12; i++) state = addRecent(state, `/p${i}.quire`);
    state = addRecent(state, '/p5.quire');
    expect(state.recentProjects[0]).toBe('/p5.quire');
    expect(state.recentProjects).toHaveLength(MAX_RECENT);
    expect(new Set(state.recentProjects).size).toBe(MAX_RECENT);
    saveState(file, { ...state, window: { x: 10, y: 20, width: 900, height: 700, maximized: true } });
    expect(loadState(file)).toEqual({
      recentProjects: state.recentProjects,
      window: { x: 10, y: 20, width: 900, height: 700, maximized: true },
    });
    writeFileSync(file, '{ not json');
    expect(loadState(file)).toEqual(DEFAULT_STATE);
    writeFileSync(file, JSON.stringify({ recentProjects: [1, '/ok.quire'], window: { width: 10, height: 10 } }));
    expect(loadState(file)).toEqual({ recentProjects: ['/ok.quire'], window: DEFAULT_STATE.window });
    rmSync(dir, { recursive: true, force: true });
  });
});
