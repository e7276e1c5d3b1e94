// A worker thread that copies a project's write-ahead log into the project
// (a passive checkpoint) when asked, on a connection of its own, while an
// import goes on writing on its thread (see checkpoints.ts).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

/** What a checkpoint did: SQLite's answer (frames in the log, frames copied), or why it failed. */
export type CheckpointAnswer =
  { id: number; ok: true; log: number; checkpointed: number } | { id: number; ok: false; message: string };

const db = new Database((workerData as { file: string }).file, { fileMustExist: true });

parentPort!.on('message', (message: { id: number } | { close: true }) => {
  if ('close' in message) {
    db.close();
    parentPort!.close();
    return;
  }
  const { id } = message;
  let answer: CheckpointAnswer;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    answer = { id, ok: true, log: r!.log, checkpointed: r!.checkpointed };
  } catch (e) {
    answer = { id, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(answer);
});
