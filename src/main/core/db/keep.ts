/**
 * How many backups of each kind (daily; before a change) a project keeps unless it says otherwise. Alone here so
 * the command line's help can say it without loading the backups' code (backups.ts).
 */
export const DEFAULT_KEEP = 7;
