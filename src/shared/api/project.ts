// The project as a whole: what it holds, whether it is whole, and its backups.
import { z } from 'zod';
import { type ContractSlice, Empty, method } from './common.ts';

export const CheckReport = z.object({
  ok: z.boolean(),
  documents: z.number().int(),
  problems: z.array(z.string()),
  /** When the file is damaged: what to do (the newest backup that is whole, and how to restore it). */
  advice: z.string().optional(),
});
export type CheckReport = z.infer<typeof CheckReport>;

export const ProjectInfo = z.object({
  path: z.string(),
  guid: z.string(),
  schemaVersion: z.number().int(),
  documents: z.number().int(),
  sources: z.array(z.object({ source: z.string(), documents: z.number().int() })),
  /** The project's file or folder cannot be written: it can be read, searched and exported, not changed. */
  readOnly: z.boolean(),
  /** What the user should know about the project (read-only and why, a backup that could not be made), in their words. */
  notices: z.array(z.string()),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

/** A backup beside the project: when and why it was made (daily; before a merge; before an update of the file format). */
export const BackupInfo = z.object({
  name: z.string(),
  kind: z.enum(['daily', 'merge', 'update']),
  madeAt: z.string(),
  bytes: z.number().int(),
  /** Null when the backup cannot be read. */
  documents: z.number().int().nullable(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;
export const BackupList = z.object({ folder: z.string(), keep: z.number().int(), backups: z.array(BackupInfo) });
export type BackupList = z.infer<typeof BackupList>;

/** The project methods. */
export const projectContract = {
  projectInfo: method(z.object({}), ProjectInfo),
  checkProject: method(z.object({}), CheckReport),
  /** The project's backups beside it, newest first. */
  listBackups: method(Empty, BackupList),
  /** Makes a new project file `to` from a backup (by name or number in the list); never writes over an existing file. */
  restoreBackup: method(
    z.object({ name: z.string().min(1), to: z.string().min(1) }),
    z.object({ path: z.string(), backup: z.string(), documents: z.number().int() }),
  ),
} as const satisfies ContractSlice;
