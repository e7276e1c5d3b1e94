// Electron's security checklist, in one place: every window Quire opens gets
// these preferences and these guards.
import { app, session, shell, type WebContents, type WebPreferences } from 'electron';

export const APP_ORIGIN = 'quire://app';

/**
 * Spelling is checked only on macOS, where the system's own checker does it.
 * On Windows and Linux Electron would download Hunspell dictionaries from
 * Google's servers, and Quire makes no network request the user did not ask for.
 */
export const checksSpelling = (platform: NodeJS.Platform) => platform === 'darwin';

export function secureWebPreferences(preload: string, platform: NodeJS.Platform = process.platform): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: checksSpelling(platform),
  };
}

/**
 * Whether a URL is one of the app's own pages. Compared by protocol and host:
 * Node's URL gives a custom scheme the origin "null", so origins cannot be compared.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'quire:' && u.host === 'app';
  } catch {
    return false;
  }
}

/** Links a user clicks open in their browser, and only web and mail links. */
export function openExternalSafely(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (['https:', 'http:', 'mailto:'].includes(parsed.protocol)) void shell.openExternal(parsed.toString());
}

/** Denies navigation away from the app, new windows, and every permission request; keeps the spellchecker from downloading dictionaries. */
export function installGuards(platform: NodeJS.Platform = process.platform): void {
  if (!checksSpelling(platform)) {
    // Off for the whole session (the report printer's window too), with no language whose dictionary it could fetch.
    session.defaultSession.setSpellCheckerEnabled(false);
    session.defaultSession.setSpellCheckerLanguages([]);
  }
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url);
      return { action: 'deny' };
    });
  });
}
