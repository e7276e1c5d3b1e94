import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import type { MemoSet, MemoTarget } from '../../../shared/api.ts';
import { useStore } from '../stores/context.tsx';
import { MemoEditor, OthersMemo } from './CodingPopover.tsx';

/**
 * The memos on a document (under its pane's header) or on a code (in the codes
 * panel), loaded from the project: the coder's own to write, the other
 * coders' to read (none while coding blind: the engine sends none).
 */
export const StoredMemo = observer(function StoredMemo({ target, id, label, documentId }: { target: Exclude<MemoTarget, 'coding'>; id: number; label: string; documentId?: number }) {
  const { api, coding } = useStore();
  const [memos, setMemos] = useState<MemoSet | null>(null);
  useEffect(() => {
    let live = true;
    setMemos(null);
    void api.getMemo({ target, id }).then((found) => live && setMemos(found));
    return () => {
      live = false;
    };
  }, [api, target, id, coding.revision]);
  if (memos === null) return null;
  return (
    <div className={`${target}-memo`}>
      <MemoEditor label={label} value={memos.mine?.text ?? ''} onSave={(next) => void coding.setMemo(target, id, next, documentId).then(() => api.getMemo({ target, id }).then(setMemos))} />
      {memos.others.map((m) => (
        <OthersMemo key={m.id} coder={m.coder} text={m.text} />
      ))}
    </div>
  );
});
