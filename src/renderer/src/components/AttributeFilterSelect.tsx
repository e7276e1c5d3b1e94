import { observer } from 'mobx-react-lite';
import type { AttributeFilter } from '../../../shared/api.ts';
import { visible } from '../../../shared/text.ts';
import { useStore } from '../stores/context.tsx';

/**
 * Only the documents with one value of a document attribute, or with none: each choice attribute's values and "no
 * value" for every attribute (the library, and the analyses' documents). Nothing shows while the project has no
 * attributes.
 */
export const AttributeFilterSelect = observer(function AttributeFilterSelect({
  label,
  any,
  value,
  onChange,
}: {
  label: string;
  /** What the first choice (no filter) says: "Any attribute", "All documents". */
  any: string;
  value: AttributeFilter | null;
  onChange: (value: AttributeFilter | null) => void;
}) {
  const { library } = useStore();
  if (!library.attributes.length) return null;
  // Values are JSON [id, value]: a value may hold any character.
  return (
    <select
      aria-label={label}
      value={value ? JSON.stringify([value.id, value.value]) : ''}
      onChange={(e) =>
        onChange(
          e.target.value
            ? (([id, v]: [number, string | null]) => ({ id, value: v }))(JSON.parse(e.target.value))
            : null,
        )
      }
    >
      <option value="">{any}</option>
      {library.attributes.map((a) => (
        <optgroup key={a.id} label={visible(a.name)}>
          {a.choices.map((c) => (
            <option key={c} value={JSON.stringify([a.id, c])}>
              {visible(`${a.name}: ${c}`)}
            </option>
          ))}
          <option value={JSON.stringify([a.id, null])}>{visible(`${a.name}: no value`)}</option>
        </optgroup>
      ))}
    </select>
  );
});
