// One validated IPC channel per contract method. The sender must be a frame
// of our own app; inputs are validated by the engine before anything runs.
import { ipcMain } from 'electron';
import { methodNames } from '../../shared/api.ts';
import type { WireResult } from '../../shared/methods.ts';
import { isQuireError } from '../../shared/errors.ts';
import { call } from '../core/engine.ts';
import type { ProjectHandle } from '../core/project.ts';
import { isAppUrl } from './security.ts';

export function registerIpc(project: () => ProjectHandle): void {
  for (const method of methodNames) {
    ipcMain.handle(`quire:${method}`, async (event, input: unknown): Promise<WireResult<unknown>> => {
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
        return { ok: false, error: { code: 'forbidden', message: 'This window may not call Quire.' } };
      }
      try {
        return { ok: true, value: await call(project(), method, input) };
      } catch (e) {
        if (isQuireError(e)) return { ok: false, error: { code: e.code, message: e.message } };
        console.error(e);
        return { ok: false, error: { code: 'internal', message: 'Something went wrong inside Quire; the details are in the log.' } };
      }
    });
  }
}
