// Exposes window.quire (one named function per API method) and
// window.quireShell (the menu's commands). Never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import { isShellCommand, methodNames, SHELL_COMMAND_CHANNEL, type ShellCommand, type WireResult } from '../shared/methods.ts';

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
contextBridge.exposeInMainWorld('quireShell', {
  /** Calls `listener` with each command from the menu; returns a function that stops listening. */
  onCommand(listener: (command: ShellCommand) => void): () => void {
    const handler = (_event: unknown, command: unknown) => {
      if (isShellCommand(command)) listener(command);
    };
    ipcRenderer.on(SHELL_COMMAND_CHANNEL, handler);
    return () => ipcRenderer.off(SHELL_COMMAND_CHANNEL, handler);
  },
});
