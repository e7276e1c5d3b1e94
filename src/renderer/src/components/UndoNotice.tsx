/**
 * What a change did, in the engine's words, with Undo for that change at hand
 * (when there is one), another thing to do about it (when there is one) and a
 * way to put the notice away. A status: screen readers announce it as it
 * appears.
 */
export function UndoNotice({
  lines,
  failed,
  onUndo,
  action,
  onDismiss,
  className = '',
}: {
  lines: readonly string[];
  failed?: boolean;
  onUndo?: () => void;
  /** Something else to do about it (show a hidden code, try again), as a button beside Undo. */
  action?: { label: string; run: () => void };
  onDismiss?: () => void;
  className?: string;
}) {
  return (
    <div className={`undo-notice ${className}${failed ? ' error' : ''}`} role="status">
      <div className="undo-notice-text">
        {lines.map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
      {onUndo && <button onClick={onUndo}>Undo</button>}
      {action && <button onClick={() => action.run()}>{action.label}</button>}
      {onDismiss && (
        <button className="dismiss" aria-label="Dismiss this notice" title="Dismiss" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
