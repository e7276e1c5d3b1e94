import { observer } from 'mobx-react-lite';
import { visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';

/**
 * Only the documents of one document set, with how many it holds now (a set saved from a search is run again): the
 * analyses, auto-coding, agreement and export choose their documents with it. Nothing shows while the project has no sets.
 */
export const SetSelect = observer(function SetSelect({
  label,
  any,
  value,
  onChange,
}: {
  label: string;
  any: string;
  value: number | null;
  onChange: (setId: number | null) => void;
}) {
  const { library } = useStore();
  if (!library.sets.length) return null;
  return (
    <select
      aria-label={label}
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value ? Number(e.target.value) : null)}
    >
      <option value="">{any}</option>
      {library.sets.map((s) => (
        <option key={s.id} value={s.id}>
          {visible(`Set: ${s.name} (${s.count})`)}
        </option>
      ))}
    </select>
  );
});
