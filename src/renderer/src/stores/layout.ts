// The workbench as the user left it, per project: which documents are open in
// which panes, the focused pane, where each was scrolled to, synced
// scrolling, and the Analysis panel (open, its tab, docked beside the reader,
// as a drawer or as a tab). Kept in the renderer's localStorage under the
// project's GUID, so each project reopens as it was left, and a file copied
// or renamed keeps its layout.
import { reaction } from 'mobx';
import type { AnalysisDock, AnalysisTab } from './AnalysisStore.ts';
import type { RootStore } from './RootStore.ts';

interface SavedLayout {
  panes: { documentId: number | null; scrollTop: number }[];
  focused: number;
  syncScroll: boolean;
  analysis: { open: boolean; tab: AnalysisTab; dock: AnalysisDock };
}

const key = (guid: string) => `quire:layout:${guid}`;

function read(guid: string): SavedLayout | null {
  try {
    const saved = JSON.parse(localStorage.getItem(key(guid)) ?? 'null') as SavedLayout | null;
    return saved && Array.isArray(saved.panes) ? saved : null;
  } catch {
    // A layout that cannot be read is not worth an error: the workbench opens as new.
    return null;
  }
}

function snapshot(root: RootStore): SavedLayout {
  const { panes, analysis } = root;
  return {
    panes: panes.panes.map((p) => ({ documentId: p.documentId, scrollTop: p.scrollTop })),
    focused: panes.focused,
    syncScroll: panes.syncScroll,
    analysis: { open: analysis.open, tab: analysis.tab, dock: analysis.dock },
  };
}

/**
 * Puts the workbench back as it was left in this project (documents that are
 * gone stay closed), then keeps saving it as it changes. Returns a function
 * that saves now (for scrolling, which is not observed).
 */
export async function keepLayout(root: RootStore): Promise<() => void> {
  const info = await root.api.projectInfo({}).catch(() => null);
  if (!info || typeof localStorage === 'undefined') return () => {};
  const saved = read(info.guid);
  if (saved) await root.panes.restore(saved.panes, saved.focused, saved.syncScroll);
  if (saved?.analysis) root.analysis.restore(saved.analysis);
  const save = () => {
    try {
      localStorage.setItem(key(info.guid), JSON.stringify(snapshot(root)));
    } catch {
      // Storage full or refused: the layout is a convenience, the project is unaffected.
    }
  };
  reaction(() => JSON.stringify({ ...snapshot(root), panes: root.panes.panes.map((p) => p.documentId) }), save);
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(save, 250);
  };
}
