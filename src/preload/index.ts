// Exposes window.quire (one call for every API method, each on its own
// channel, and the engine's events) and window.quireShell (the menu's
// commands). Never ipcRenderer itself. The methods' names are not listed here
// (they live with the zod schemas, which the sandboxed preload does not load):
// a name is checked for its form, and the main process has a handler only for
// the contract's methods.
import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, isServerEvent, type ServerEvent } from '../shared/events.ts';
import { isShellCommand, SHELL_COMMAND_CHANNEL, type ShellCommand, type WireResult } from '../shared/methods.ts';

const fail = (code: string, message: string) => Object.assign(new Error(message), { code });

contextBridge.exposeInMainWorld('quire', {
  /** Calls a method; `origin` is the window's own id, which the events of the changes it makes carry back. */
  async call(method: unknown, input: unknown, origin?: string): Promise<unknown> {
    if (typeof method !== 'string' || !/^[a-z][A-Za-z]*$/.test(method))
      throw fail('not_found', 'There is no such method.');
    let result: WireResult<unknown>;
    try {
      result = (await ipcRenderer.invoke(`quire:${method}`, input, origin)) as WireResult<unknown>;
    } catch {
      // No handler: not a method of the contract.
      throw fail('not_found', `There is no method “${method}”.`);
    }
    if (result.ok) return result.value;
    throw fail(result.error.code, result.error.message);
  },
  /** Calls `listener` with each of the engine's events (only those this version knows); returns a function that stops listening. */
  onEvent(listener: (event: ServerEvent) => void): () => void {
    const handler = (_event: unknown, event: unknown) => {
      if (isServerEvent(event)) listener(event);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.off(EVENT_CHANNEL, handler);
  },
});
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
