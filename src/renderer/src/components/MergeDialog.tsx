import { observer } from 'mobx-react-lite';
import { useRef, type ReactNode } from 'react';
import type { MergeSummary, UncertainCoding as UncertainCodingData } from '../../../shared/api.ts';
import { mergePhrases } from '../../../shared/merge-summary.ts';
import { EXCHANGE_EXTENSIONS } from '../../../shared/methods.ts';
import { visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';

/** The top bar's "Merge project…": choose a colleague's project (.quire, or .qdpx/.qdc from another QDA program) and see the preview. */
export const MergeButton = observer(function MergeButton({
  disabled = false,
  title,
}: {
  disabled?: boolean;
  title?: string;
}) {
  const { merging } = useStore();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        onClick={() => input.current?.click()}
        disabled={merging.busy || disabled}
        title={title ?? 'Bring a colleague’s project into this one: see what it adds before anything changes'}
      >
        Merge project…
      </button>
      <input
        ref={input}
        type="file"
        hidden
        accept={EXCHANGE_EXTENSIONS.join(',')}
        aria-label="Project to merge"
        onChange={(e) => {
          void merging.start([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
    </>
  );
});

/** The preview of a merge, with Merge and Cancel: what is already here, what is added, what is renamed and why. */
export const MergeDialog = observer(function MergeDialog() {
  const { merging } = useStore();
  if (!merging.open && !merging.busy) return null;
  const { preview, file, error, busy } = merging;
  const name = visible(preview?.file ?? file?.name ?? 'the project');
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog merge-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Merge a project"
        onKeyDown={(e) => e.key === 'Escape' && void merging.cancel()}
      >
        <header>
          <h2>Merge “{name}” into this project</h2>
          <button aria-label="Close" onClick={() => void merging.cancel()} disabled={busy && !!preview}>
            ×
          </button>
        </header>
        <div className="merge-body">
          {error ? (
            <p className="error" role="alert">
              {visible(error)}
            </p>
          ) : !preview ? (
            <p>Reading {name}…</p>
          ) : (
            <MergePreview s={preview} />
          )}
        </div>
        <footer>
          <p role="status">
            {busy && preview
              ? 'Merging…'
              : preview
                ? 'Nothing here is overwritten. Undo takes the whole merge back.'
                : ''}
          </p>
          <button onClick={() => void merging.cancel()} disabled={busy && !!preview}>
            {error ? 'Close' : 'Cancel'}
          </button>
          <button className="primary" onClick={() => void merging.merge()} disabled={!preview || busy || !!error}>
            Merge
          </button>
        </footer>
      </div>
    </div>
  );
});

const SHOWN = 12;

/** A titled list of its first SHOWN items, then how many more. */
export function List({ title, items, shown = SHOWN }: { title: string; items: ReactNode[]; shown?: number }) {
  if (!items.length) return null;
  return (
    <section aria-label={title}>
      <h3>
        {title} <span className="meta">{items.length}</span>
      </h3>
      <ul>
        {items.slice(0, shown).map((item, i) => (
          <li key={i}>{typeof item === 'string' ? visible(item) : item}</li>
        ))}
        {items.length > shown && <li className="meta">and {items.length - shown} more</li>}
      </ul>
    </section>
  );
}

function MergePreview({ s }: { s: MergeSummary }) {
  const matched = (m: MergeSummary['codes']['merged'][number]) => (
    <>
      {visible(m.name)}
      {m.here !== m.name && <> → {visible(m.here)}</>}{' '}
      <span className="meta">by {m.by === 'guid' ? 'GUID' : 'name'}</span>
      {m.differs && <div className="meta">{visible(m.differs)}; ours is kept.</div>}
    </>
  );
  const renamed = (r: MergeSummary['codes']['renamed'][number]) => (
    <>
      {visible(r.name)} → <strong>{visible(r.as)}</strong>
      <div className="meta">{visible(r.why)}</div>
    </>
  );
  return (
    <>
      <p className="merge-headline">{visible(mergePhrases(s).join('; '))}.</p>
      <div className="merge-columns">
        <div>
          <List title="Documents added" items={s.documents.added} />
          <List
            title="Documents already here"
            items={s.documents.present.map((d) => (d.here === d.name ? d.name : `${d.name} (here: ${d.here})`))}
          />
          <List
            title="Codings by coder"
            items={s.codings.byCoder.map(
              (c) =>
                `${c.coder}: ${c.added} added${c.present ? `, ${c.present} already here` : ''}${s.coders.added.includes(c.coder) ? ' (a new coder here)' : ''}`,
            )}
          />
          <List title="Memos added below ours" items={s.memos.appended} />
        </div>
        <div>
          <List title="Codes renamed" items={s.codes.renamed.map(renamed)} />
          <List title="Codes added" items={s.codes.added} />
          <List title="Codes merged" items={s.codes.merged.map(matched)} />
          <List title="Groups renamed" items={s.groups.renamed.map(renamed)} />
          <List title="Groups added" items={s.groups.added} />
          <List title="Groups merged" items={s.groups.merged.map(matched)} />
        </div>
      </div>
      <List title="Cannot be carried over" items={s.skipped} />
      <List title="Notes" items={s.notes} />
      <List
        title="Codings to check"
        items={s.uncertain.map((k) => (
          <UncertainCoding k={k} />
        ))}
      />
    </>
  );
}

/** A coding the file leaves in doubt: where it is, and the text it covers as placed, with a little around it to find it by. */
export function UncertainCoding({ k }: { k: UncertainCodingData }) {
  return (
    <>
      “{k.document}”, {k.code} <span className="meta">({k.coder})</span>
      <div className="in-context">
        <span className="meta">…{k.before}</span>
        <mark>{k.quote}</mark>
        <span className="meta">{k.after}…</span>
      </div>
    </>
  );
}
