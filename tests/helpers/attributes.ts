// An "Outlet type" attribute (state / independent) with values on the seeds, as the analyses by attribute are tested.
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';

/** Documents 1 and 3 independent, document 2 state; 4 and 5 without a value. */
export async function outletTypes(p: ProjectHandle) {
  const outlet = await call(p, 'createAttribute', {
    name: 'Outlet type',
    type: 'choice',
    choices: ['state', 'independent'],
  });
  await call(p, 'setAttributeValues', {
    values: [
      { documentId: 1, attributeId: outlet.id, value: 'independent' },
      { documentId: 2, attributeId: outlet.id, value: 'state' },
      { documentId: 3, attributeId: outlet.id, value: 'independent' },
    ],
  });
  return outlet;
}
