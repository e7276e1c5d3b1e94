// Forward-only schema migrations. Add a numbered file and one line here; never
// edit a migration that has shipped.
import { sql as m0001 } from './0001_init.ts';
import { sql as m0002 } from './0002_coding.ts';
import { sql as m0003 } from './0003_command_trash.ts';
import { sql as m0004 } from './0004_settled.ts';
import { sql as m0005 } from './0005_viewer.ts';
import { sql as m0006 } from './0006_details.ts';
import { sql as m0007 } from './0007_attributes.ts';
import { run as r0008, sql as m0008 } from './0008_words.ts';
import { sql as m0009 } from './0009_ocr.ts';
import { sql as m0010 } from './0010_sets.ts';
import { run as r0011, sql as m0011 } from './0011_near_duplicates.ts';
import { sql as m0012 } from './0012_notes.ts';
import { sql as m0013 } from './0013_near_staging.ts';
import { run as r0014, sql as m0014 } from './0014_near_sketches.ts';
import { run as r0015, sql as m0015 } from './0015_near_filter.ts';
import { run as r0016, sql as m0016 } from './0016_terms_pending.ts';
import type { Db } from '../db.ts';
import type { IndexProgress } from '../db.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** What the migration does beyond its SQL (in the same transaction), reporting progress when it is long. */
  run?: (db: Db, onProgress?: (p: IndexProgress) => void) => void;
  /** What the user is told while it runs and after, when it changed a project that held data. */
  says?: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'init', sql: m0001 },
  { version: 2, name: 'coding', sql: m0002 },
  { version: 3, name: 'command_trash', sql: m0003 },
  { version: 4, name: 'settled', sql: m0004 },
  { version: 5, name: 'viewer', sql: m0005 },
  { version: 6, name: 'details', sql: m0006 },
  { version: 7, name: 'attributes', sql: m0007 },
  {
    version: 8,
    name: 'words',
    sql: m0008,
    run: r0008,
    says: 'its search index was made anew, so that words are found in every script',
  },
  { version: 9, name: 'ocr', sql: m0009 },
  { version: 10, name: 'sets', sql: m0010 },
  {
    version: 11,
    name: 'near_duplicates',
    sql: m0011,
    run: r0011,
    says: 'an index of its documents’ passages was made, so that near-duplicates are found at once',
  },
  { version: 12, name: 'notes', sql: m0012 },
  { version: 13, name: 'near_staging', sql: m0013 },
  {
    version: 14,
    name: 'near_sketches',
    sql: m0014,
    run: r0014,
    says: 'a summary of each document’s passages was stored, so that new documents are checked for near-duplicates more quickly',
  },
  {
    version: 15,
    name: 'near_filter',
    sql: m0015,
    run: r0015,
    says: 'a summary of its near-duplicate index was stored, so that a few new files are checked for near-duplicates at once',
  },
  {
    version: 16,
    name: 'terms_pending',
    sql: m0016,
    run: r0016,
    says: 'its list of words for spelling variants was made anew, to hold the words of edited titles and texts too',
  },
];

export const LATEST_VERSION = migrations.length;
