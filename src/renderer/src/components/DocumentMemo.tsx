import { observer } from 'mobx-react-lite';
import { useEffect, useState } from 'react';
import { useStore } from '../stores/context.tsx';
import { MemoEditor } from './CodingPopover.tsx';

/** The memo on a whole document, under its pane's header. */
export const DocumentMemo = observer(function DocumentMemo({ documentId }: { documentId: number }) {
  const { api, coding } = useStore();
  const [text, setText] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api.getMemo({ target: 'document', id: documentId }).then((memo) => live && setText(memo?.text ?? ''));
    return () => {
      live = false;
    };
  }, [api, documentId]);
  if (text === null) return null;
  return (
    <div className="document-memo">
      <MemoEditor
        label="Memo on this document"
        value={text}
        onSave={(next) => void coding.setMemo('document', documentId, next, documentId).then(() => setText(next.trim() ? next : ''))}
      />
    </div>
  );
});
