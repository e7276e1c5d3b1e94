// The codebook, codings and memos, the session's coder, orphaned codings and auto-coding.
import type { codingContract } from '../../../shared/api/coding.ts';
import { coder, coderName, viewer, type Handlers } from '../calls.ts';
import { NO_ENVIRONMENT } from '../environment.ts';
import type { ProjectHandle } from '../project.ts';
import { autoCode } from './autocode.ts';
import {
  createCode,
  createCodeGroup,
  deleteCode,
  deleteCodeGroup,
  getCodebook,
  mergeCodes,
  moveCode,
  updateCode,
  updateCodeGroup,
} from './codebook.ts';
import { chooseCoderName, listCoders, setBlind } from './coders.ts';
import { mergeCodings, recodeCoding, resizeCoding, splitCoding } from './edit.ts';
import {
  applyCode,
  getMemo,
  listCodingMarks,
  listCodings,
  listOrphans,
  placeOrphan,
  removeCoding,
  setMemo,
} from './codings.ts';

/**
 * The session's coder, and whether they code blind. The name chosen is this
 * session's coder and, stored as a preference, the next session's. Blind
 * coding is each coder's own setting, kept in the project; a coder new to the
 * project starts as the session was, so renaming oneself never unblinds.
 */
function coderSession(p: ProjectHandle, change: { name?: string; blind?: boolean } = {}) {
  if (change.name !== undefined) {
    const wasBlind = viewer(p).blind;
    p.coder = chooseCoderName(change.name, p.environment ?? NO_ENVIRONMENT);
    if (wasBlind && viewer(p).coderId === null) setBlind(p.db, p.coder, true);
  }
  const name = coderName(p);
  if (change.blind !== undefined) setBlind(p.db, name, change.blind);
  return { name, blind: viewer(p).blind };
}

export const codingHandlers: Handlers<typeof codingContract> = {
  getCoder: (p) => coderSession(p),
  setCoder: (p, input) => coderSession(p, input),
  listCoders: (p) => listCoders(p.db, viewer(p)),
  getCodebook: (p) => getCodebook(p.db, viewer(p)),
  createCode: (p, input) => createCode(p.db, coder(p), input, viewer(p)),
  updateCode: (p, input) => updateCode(p.db, coder(p), input, viewer(p)),
  moveCode: (p, input) => moveCode(p.db, coder(p), input, viewer(p)),
  deleteCode: (p, input) => deleteCode(p.db, coder(p), input, viewer(p)),
  createCodeGroup: (p, input) => createCodeGroup(p.db, coder(p), input, viewer(p)),
  updateCodeGroup: (p, input) => updateCodeGroup(p.db, coder(p), input, viewer(p)),
  deleteCodeGroup: (p, input) => (deleteCodeGroup(p.db, coder(p), input), {}),
  mergeCodes: (p, input) => mergeCodes(p.db, coder(p), input, viewer(p)),
  listCodings: (p, input) => listCodings(p.db, input, viewer(p)),
  listCodingMarks: (p, input) => listCodingMarks(p.db, input, viewer(p)),
  applyCode: (p, input) => applyCode(p.db, coder(p), input),
  removeCoding: (p, input) => (removeCoding(p.db, coder(p), input, viewer(p)), {}),
  getMemo: (p, input) => getMemo(p.db, input, viewer(p)),
  setMemo: (p, input) => setMemo(p.db, coder(p), input, viewer(p)),
  // Editing codings (the reader): a coder's own codings only.
  resizeCoding: (p, input) => resizeCoding(p.db, coder(p), input, viewer(p)),
  recodeCoding: (p, input) => recodeCoding(p.db, coder(p), input, viewer(p)),
  splitCoding: (p, input) => splitCoding(p.db, coder(p), input, viewer(p)),
  mergeCodings: (p, input) => mergeCodings(p.db, coder(p), input, viewer(p)),
  listOrphans: (p, input) => listOrphans(p.db, input, viewer(p)),
  placeOrphan: (p, input) => placeOrphan(p.db, coder(p), input, viewer(p)),
  // A preview only counts: it must not add the coder to the project (a read-only one refuses that); -1 is no coder's id.
  autoCode: (p, input) => autoCode(p.db, input.preview ? (viewer(p).coderId ?? -1) : coder(p), input, viewer(p)),
};
