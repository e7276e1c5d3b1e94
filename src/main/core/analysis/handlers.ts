// Retrieval and analyses of the codings, and intercoder agreement (refused while coding blind: it compares coders).
import type { agreementContract } from '../../../shared/api/agreement.ts';
import type { analysisContract } from '../../../shared/api/analysis.ts';
import { coder, seeingAll, viewer, type Handlers } from '../calls.ts';
import { codedSegments, codeMatrix } from '../coding/retrieval.ts';
import { agreement, disagreements, settleDisagreement } from './agreement.ts';
import { coOccurrence, coOccurrencePassages } from './cooccurrence.ts';
import { stanceOverview } from './stance.ts';

export const analysisHandlers: Handlers<typeof analysisContract> = {
  codedSegments: (p, input) => codedSegments(p.db, input, viewer(p)),
  codeMatrix: (p, input) => codeMatrix(p.db, input, viewer(p)),
  stanceOverview: (p, input) => stanceOverview(p.db, input, viewer(p)),
  coOccurrence: (p, input) => coOccurrence(p.db, input, viewer(p)),
  coOccurrencePassages: (p, input) => coOccurrencePassages(p.db, input, viewer(p)),
};

export const agreementHandlers: Handlers<typeof agreementContract> = {
  agreement: (p, input) => (seeingAll(p, 'Intercoder agreement'), agreement(p.db, input)),
  disagreements: (p, input) => (seeingAll(p, 'The list of disagreements'), disagreements(p.db, input)),
  settleDisagreement: (p, input) => (seeingAll(p, 'Settling a disagreement'), settleDisagreement(p.db, coder(p), input)),
};
