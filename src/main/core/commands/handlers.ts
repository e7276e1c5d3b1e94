// The command log: undo, redo and the history, as the viewer may see it.
import type { historyContract } from '../../../shared/api/history.ts';
import { viewer, type Handlers } from '../calls.ts';
import { history, redo, undo } from './log.ts';

export const historyHandlers: Handlers<typeof historyContract> = {
  undo: (p) => ({ undone: undo(p.db, viewer(p)) }),
  redo: (p) => ({ redone: redo(p.db, viewer(p)) }),
  history: (p, input) => history(p.db, input.limit, viewer(p)),
};
