// The project as a whole: what it holds, a check of the file, and its backups.
import type { projectContract } from '../../../shared/api/project.ts';
import { viewer, type Handlers } from '../calls.ts';
import { projectInfo } from '../documents/documents.ts';
import { backupDocuments, backupFolder, backupsToKeep, listBackups } from './backups.ts';
import { checkProject } from './check.ts';
import { restoreBackup } from './restore.ts';

export const projectHandlers: Handlers<typeof projectContract> = {
  projectInfo: (p) => ({ ...projectInfo(p.db, p.path), notices: p.notices ?? [] }),
  checkProject: (p) => checkProject(p.db, p.path, viewer(p)),
  listBackups: (p) => ({
    folder: backupFolder(p.path),
    keep: backupsToKeep(p.db),
    backups: listBackups(p.path).map((b) => ({
      name: b.name,
      kind: b.kind,
      madeAt: b.madeAt.toISOString(),
      bytes: b.bytes,
      documents: backupDocuments(b.path),
    })),
  }),
  restoreBackup: (p, input) => restoreBackup(p.path, input.name, input.to),
};
