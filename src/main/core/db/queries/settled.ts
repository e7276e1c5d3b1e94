// The statements on settled disagreements: the record of each unit two
// coders settled, kept by the agreement analysis (analysis/agreement.ts).
import { statement, values } from '../statement.ts';
import type { SettledDisagreementsRow } from '../types.ts';

type S = SettledDisagreementsRow;

/** The units a pair of coders settled (the lower id first), with the GUIDs of the codings left in each. */
export const settledOfPair = statement<
  [firstCoderId: number, secondCoderId: number],
  { documentId: S['document_id']; codings: S['codings'] }
>(
  'SELECT document_id AS documentId, codings FROM settled_disagreements WHERE first_coder_id = ? AND second_coder_id = ?',
);

export const settledCount = values<[], number>('SELECT count(*) FROM settled_disagreements');
