// Retrieval and analyses of the codings, and intercoder agreement (refused while coding blind: it compares coders).
import type { agreementContract } from '../../../shared/api/agreement.ts';
import type { analysisContract } from '../../../shared/api/analysis.ts';
import type { AnalysisCsvInput, analystContract } from '../../../shared/api/analyst.ts';
import type { z } from 'zod';
import type { ProjectHandle } from '../project.ts';
import { coder, seeingAll, viewer, type Handlers } from '../calls.ts';
import { codedSegments, codeMatrix } from '../coding/retrieval.ts';
import { agreement, disagreements, settleDisagreement } from './agreement.ts';
import { coOccurrence, coOccurrencePassages } from './cooccurrence.ts';
import { stanceOverview } from './stance.ts';
import { codeQuery, saveCodeQuery } from './code-query.ts';
import { allKwicLines, kwic, kwicTexts } from './kwic.ts';
import { codeQueryCsv, kwicCsv, wordsCsv } from './tables.ts';
import { wordFrequencies } from './words.ts';

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
  settleDisagreement: (p, input) => (
    seeingAll(p, 'Settling a disagreement'),
    settleDisagreement(p.db, coder(p), input)
  ),
};

// The analyst's toolkit: code queries, keyword in context, word frequencies.
export const analystHandlers: Handlers<typeof analystContract> = {
  codeQuery: (p, input) => codeQuery(p.db, input, viewer(p)),
  saveCodeQuery: (p, input) => saveCodeQuery(p.db, coder(p), input, viewer(p)),
  kwic: (p, input) => kwic(p.db, input, viewer(p)),
  kwicTexts: (p, input) => kwicTexts(p.db, input),
  wordFrequencies: (p, input, context) => wordFrequencies(p.db, input, viewer(p), context),
  analysisCsv: (p, input) => analysisCsv(p, input),
};

/** An analysis's whole table as a CSV file: every row, not only those listed on screen. */
async function analysisCsv(p: ProjectHandle, request: z.output<typeof AnalysisCsvInput>) {
  const file = (name: string, bytes: Uint8Array, rows: number) => ({
    name,
    base64: Buffer.from(bytes).toString('base64'),
    rows,
  });
  if (request.kind === 'query') {
    const result = codeQuery(p.db, { ...request.input, limit: 100_000 }, viewer(p));
    return file('code-query.csv', codeQueryCsv(result), result.segments.length);
  }
  if (request.kind === 'kwic') {
    const result = allKwicLines(p.db, request.input, viewer(p));
    return file('concordance.csv', kwicCsv(result), result.lines.length);
  }
  const result = await wordFrequencies(p.db, request.input, viewer(p));
  return file('word-frequencies.csv', wordsCsv(result), result.rows.length);
}
