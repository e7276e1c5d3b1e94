// A merged file's variables become document attributes: matched to ours by
// GUID, then by name (any case); the others added. Each document's values are
// checked against the attribute they land in; a value ours already holds
// differently is kept as ours, and said.
import { clip, plural, visible } from '../../../shared/text.ts';
import type { Attribute } from '../../../shared/api.ts';
import { checkedValue, listAttributes } from '../documents/attributes.ts';
import type { Db } from '../db/open.ts';
import { documentValue } from '../db/queries/attributes.ts';
import type { RefiDocument, RefiInput, RefiVariable } from './model.ts';

/** What of a merge plan's document step the attributes need: the document, and its id here (null until written). */
interface DocumentLike {
  id: number | null;
  doc: RefiDocument;
}

/** The parts of a merge plan the attributes read and add to. */
export interface AttributePlan {
  documents: readonly DocumentLike[];
  notes: string[];
  skipped: string[];
  attributes: AttributeStep[];
  attributeValues: AttributeValueStep[];
}

export interface AttributeStep {
  variable: RefiVariable;
  /** Ours it merges into; null: added by the merge (the id set when written). */
  id: number | null;
  /** As the attribute lands: ours when matched (its type and choices rule the values). */
  as: Pick<Attribute, 'name' | 'type' | 'choices'>;
  by: 'guid' | 'name' | null;
}

export interface AttributeValueStep {
  document: DocumentLike;
  attribute: AttributeStep;
  value: string;
}

/** Adds the attributes and their values to the plan; what cannot be carried over goes to its notes. */
export function planAttributes(plan: AttributePlan, input: RefiInput, db: Db): void {
  if (!input.variables.length) return;
  const ours = listAttributes(db);
  const steps = new Map<string, AttributeStep>();
  for (const v of input.variables) {
    const byGuid = ours.find((a) => a.guid === v.guid);
    const byName = byGuid ? null : ours.find((a) => a.name.toLowerCase() === v.name.toLowerCase());
    const here = byGuid ?? byName;
    steps.set(v.guid, {
      variable: v,
      id: here?.id ?? null,
      as: here ?? { name: v.name, type: v.type, choices: v.choices },
      by: byGuid ? 'guid' : byName ? 'name' : null,
    });
  }
  const refused: string[] = [];
  let keptOurs = 0;
  for (const document of plan.documents) {
    for (const a of document.doc.attributes ?? []) {
      const attribute = steps.get(a.variable);
      if (!attribute) continue;
      const checked = checkedValue(attribute.as, a.value);
      if ('error' in checked) {
        refused.push(`“${clip(visible(document.doc.name), 40)}”: ${checked.error}`);
        continue;
      }
      const here =
        document.id !== null && attribute.id !== null
          ? documentValue(db).get(document.id, attribute.id)?.value
          : undefined;
      if (here !== undefined) {
        if (here !== checked.value) keptOurs++;
        continue;
      }
      plan.attributeValues.push({ document, attribute, value: checked.value });
    }
  }
  plan.attributes = [...steps.values()];
  const added = plan.attributes.filter((s) => s.id === null).map((s) => `“${visible(s.variable.name)}”`);
  const matched = plan.attributes.filter((s) => s.id !== null).map((s) => `“${visible(s.variable.name)}”`);
  const parts = [
    added.length && `${plural(added.length, 'attribute')} added (${added.join(', ')})`,
    matched.length && `${plural(matched.length, 'attribute')} matched to ours (${matched.join(', ')})`,
  ].filter(Boolean);
  plan.notes.push(`Document attributes: ${parts.join('; ')}; ${plural(plan.attributeValues.length, 'value')} set.`);
  if (keptOurs)
    plan.notes.push(
      `${plural(keptOurs, 'attribute value')} of documents we already have ${keptOurs === 1 ? 'differs' : 'differ'} from ours: ours ${keptOurs === 1 ? 'is' : 'are'} kept.`,
    );
  for (const r of refused.slice(0, 20)) plan.skipped.push(`${r} It was left out.`);
  if (refused.length > 20)
    plan.skipped.push(`${refused.length - 20} more attribute values were left out for the same reason.`);
}
