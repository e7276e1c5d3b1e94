import { useState } from 'react';

/**
 * A draft of a value the user edits (a memo, a colour): it starts as the value, and starts again whenever the value
 * changes from outside (another pane saved it, undo took it back). Set during render, as React advises for state that
 * follows a prop, so no frame shows the old draft.
 */
export function useDraft<T>(value: T): [T, (draft: T) => void] {
  const [draft, setDraft] = useState(value);
  const [from, setFrom] = useState(value);
  if (!Object.is(from, value)) {
    setFrom(value);
    setDraft(value);
  }
  return [draft, setDraft];
}
