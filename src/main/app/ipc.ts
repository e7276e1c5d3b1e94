// One validated IPC channel per contract method, and one channel for the
// engine's events to the window. The sender must be a frame of our own app;
// inputs are validated by the engine before anything runs.
import { ipcMain, type WebContents } from 'electron';
import { methodNames } from '../../shared/api.ts';
import { EVENT_CHANNEL } from '../../shared/events.ts';
import type { WireResult } from '../../shared/methods.ts';
import { isQuireError } from '../../shared/errors.ts';
import { call } from '../core/engine.ts';
import type { ProjectHandle } from '../core/project.ts';
import { isAppUrl } from './security.ts';

export function registerIpc(project: () => ProjectHandle): void {
  for (const method of methodNames) {
    ipcMain.handle(`quire:${method}`, async (event, input: unknown, origin: unknown): Promise<WireResult<unknown>> => {
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
        return { ok: false, error: { code: 'forbidden', message: 'This window may not call Quire.' } };
      }
      try {
        // The window's own id, so the changes it makes come back to it marked as its own.
        const from = typeof origin === 'string' && /^[\w-]{1,64}$/.test(origin) ? origin : undefined;
        return { ok: true, value: await call(project(), method, input, { origin: from }) };
      } catch (e) {
        if (isQuireError(e)) return { ok: false, error: { code: e.code, message: e.message } };
        console.error(e);
        return {
          ok: false,
          error: { code: 'internal', message: 'Something went wrong inside Quire; the details are in the log.' },
        };
      }
    });
  }
}

/** Sends the project's events to the window while it is open; returns a function that stops. */
export function forwardEvents(project: ProjectHandle, contents: () => WebContents | null | undefined): () => void {
  return project.events?.subscribe((event) => contents()?.send(EVENT_CHANNEL, event)) ?? (() => undefined);
}
