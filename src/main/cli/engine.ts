// What the commands need to run: the engine, the project, and the command line's own helpers that use them. Loaded
// when a command runs (through lazy.ts), never to list the commands or print the version, so `quire --help` and
// `quire --version` load no engine code, no schema and no project library.
export {
  backupDocuments,
  backupFolder,
  backupsToKeep,
  latestGoodBackup,
  listBackups,
  readOnly,
  setBackupsToKeep,
} from '../core/db/backups.ts';
export { repairProject, restoreAdvice } from '../core/db/check.ts';
export { translateSqliteError } from '../core/db/errors.ts';
export { restoreBackup } from '../core/db/restore.ts';
export { findDocument } from '../core/documents/documents.ts';
export { setIdNamed } from '../core/documents/sets.ts';
export { call } from '../core/engine.ts';
export { closeProject, openOrCreateProject } from '../core/project.ts';
export { readEnvironment } from '../environment.ts';
export { projectPath, withProject } from './context.ts';
export { attributeFilterNamed, codesNamed, documentsNamed, groupsNamed, setChosen } from './names.ts';
export { progressOnTerminal } from './progress.ts';
