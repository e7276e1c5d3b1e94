// Bringing other projects in (REFI-QDA, other Quire projects): refused while coding blind, it brings other coders' work.
import type { exchangeContract } from '../../../shared/api/exchange.ts';
import { seeingAll, type Handlers } from '../calls.ts';
import { importRefiFile, mergeProject, previewMerge } from './import.ts';

// By the coder's name: a preview must not add the coder to the project, the merge does so itself.
export const exchangeHandlers: Handlers<typeof exchangeContract> = {
  importRefiQda: (p, input) => importRefiFile(p.db, seeingAll(p, 'Importing another project').name, input, p.path),
  previewMerge: (p, input) => previewMerge(p.db, seeingAll(p, 'Merging another project').name, input, p.path),
  mergeProject: (p, input) => mergeProject(p.db, seeingAll(p, 'Merging another project').name, input, p.path),
};
