import { observer } from 'mobx-react-lite';
import { useEffect, useMemo } from 'react';
import type { MemoTarget } from '../../../shared/api.ts';
import { visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';
import { MemoStore } from '../stores/MemoStore.ts';
import { MemoEditor, OthersMemo } from './CodingPopover.tsx';

/**
 * The memos on a document (under its pane's header) or on a code (in the codes
 * panel), loaded from the project: the coder's own to write, the other
 * coders' to read (none while coding blind: the engine sends none).
 */
export const StoredMemo = observer(function StoredMemo({
  target,
  id,
  label,
  documentId,
}: {
  target: Exclude<MemoTarget, 'coding'>;
  id: number;
  label: string;
  documentId?: number;
}) {
  const root = useStore();
  const store = useMemo(() => new MemoStore(root, target, id), [root, target, id]);
  const revision = root.coding.revision;
  useEffect(() => {
    void store.load();
  }, [store, revision]);
  const { memos } = store;
  if (store.request.error)
    return (
      <p className={`${target}-memo error`} role="alert">
        {visible(store.request.error)}
      </p>
    );
  if (memos === null) return null;
  return (
    <div className={`${target}-memo`}>
      <MemoEditor label={label} value={memos.mine?.text ?? ''} onSave={(next) => void store.save(next, documentId)} />
      {memos.others.map((m) => (
        <OthersMemo key={m.id} coder={m.coder} text={m.text} />
      ))}
    </div>
  );
});
