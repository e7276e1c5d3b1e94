// Exposes window.quire: one named function per API method, nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { methodNames, type WireResult } from '../shared/methods.ts';

const api = Object.fromEntries(
  methodNames.map((method) => [
    method,
    async (input: unknown) => {
      const result = (await ipcRenderer.invoke(`quire:${method}`, input)) as WireResult<unknown>;
      if (result.ok) return result.value;
      throw Object.assign(new Error(result.error.message), { code: result.error.code });
    },
  ]),
);

contextBridge.exposeInMainWorld('quire', api);
