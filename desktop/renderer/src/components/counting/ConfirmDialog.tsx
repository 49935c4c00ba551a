import { useEffect, useRef, type ReactNode } from 'react';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  /** Why the last attempt failed, shown in the dialog (the page behind is not reachable). */
  error?: string | null;
  /** Disables the confirm button (e.g. a reason is still missing). */
  canConfirm?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal question: Escape or the cancel button keeps things as they are. */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, busy = false, error = null, canConfirm = true, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby="confirm-dialog-title" onCancel={(e) => {
      e.preventDefault();
      onCancel();
    }}>
      <form method="dialog" onSubmit={(e) => {
        e.preventDefault();
        if (canConfirm && !busy) onConfirm();
      }}>
        <h2 id="confirm-dialog-title">{title}</h2>
        {children}
        {error && <p className="inline-error" role="alert">{error}</p>}
        <div className="toolbar dialog-actions">
          <button type="submit" className="button" disabled={busy || !canConfirm}>{busy ? 'Working…' : confirmLabel}</button>
          <button type="button" className="button button-quiet" onClick={onCancel}>{cancelLabel}</button>
        </div>
      </form>
    </dialog>
  );
}
