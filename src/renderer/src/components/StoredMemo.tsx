import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { MemoTarget } from '../../../shared/api.ts';
import { useStore } from '../stores/context.tsx';
import { MemoEditor } from './CodingPopover.tsx';

/** The memo on a document (under its pane's header) or on a code (in the codes panel), loaded from the project. */
export const StoredMemo = observer(function StoredMemo({ target, id, label, documentId }: { target: Exclude<MemoTarget, 'coding'>; id: number; label: string; documentId?: number }) {
  const { api, coding } = useStore();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setText(null);
    void api.getMemo({ target, id }).then((memo) => live && setText(memo?.text ?? ''));
    return () => {
      live = false;
    };
  }, [api, target, id, coding.revision]);
  if (text === null) return null;
  return (
    <div className={`${target}-memo`}>
      <MemoEditor label={label} value={text} onSave={(next) => void coding.setMemo(target, id, next, documentId).then(() => setText(next.trim() ? next : ''))} />
    </div>
  );
});
