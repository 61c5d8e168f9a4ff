import type { FormEvent, ReactNode } from 'react';
import { Modal } from '../ui/Modal.js';
import './form-dialog.css';

/*
 * The skeleton every small form dialog repeated (create and edit user, new team, change password, the
 * privacy export and erase): a modal holding one form, the refusal in one sentence, then Cancel and the
 * submit button that says what it is doing while the hub works. Fields and extra actions come from the caller.
 */
export interface FormDialogProps {
  title: string;
  testId: string;
  onClose: () => void;
  onSubmit: () => void;
  /** One sentence for the whole form (a field's own message goes under that field). */
  error?: string | null | undefined;
  submitLabel: string;
  /** Shown on the submit button while `pending`, e.g. "Saving…". */
  pendingLabel: string;
  pending: boolean;
  submitTestId: string;
  /** A destructive action (erase): the submit button is red. */
  danger?: boolean;
  /** Actions on the left of the row (deactivate, reset password). */
  extraActions?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}

export function FormDialog({ title, testId, onClose, onSubmit, error, submitLabel, pendingLabel, pending, submitTestId, danger, extraActions, wide, children }: FormDialogProps) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <Modal title={title} onClose={onClose} testId={testId} {...(wide ? { wide } : {})}>
      <form className="modal-form" onSubmit={submit} noValidate>
        {children}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className={`modal-actions${extraActions ? ' modal-actions-split' : ''}`}>
          {extraActions && <div className="modal-actions-left">{extraActions}</div>}
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} data-testid={submitTestId} disabled={pending}>
            {pending ? pendingLabel : submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The dialog after a form succeeded: what happened, and one button to close. */
export function DoneDialog({ title, testId, onClose, children }: { title: string; testId: string; onClose: () => void; children: ReactNode }) {
  return (
    <Modal title={title} onClose={onClose} testId={testId}>
      {children}
      <div className="modal-actions">
        <button type="button" className="btn btn-primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}
