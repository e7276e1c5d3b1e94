// Exports: the report's preview, a file in each format, its progress and cancel.
import type { exportContract } from '../../../shared/api/export.ts';
import { viewer, type Handlers } from '../calls.ts';
import { cancelExport, exportFile, exportProgress, previewReport } from './index.ts';

export const exportHandlers: Handlers<typeof exportContract> = {
  previewReport: (p, input) => previewReport(p, input, viewer(p)),
  exportFile: (p, input, context) => exportFile(p, input, viewer(p), context),
  exportProgress: (p) => exportProgress(p),
  cancelExport: (p) => cancelExport(p),
};
