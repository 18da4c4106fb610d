/** A form's outcome in words: what went wrong that no field can show, or what was saved. */
export function FormProblem({ action, message }: { action: string; message: string | null }) {
  if (!message) return null;
  return (
    <div className="notice notice-error" role="alert">
      <strong>Could not {action}:</strong> {message}
    </div>
  );
}

export function FormSaved({ message }: { message: string | null }) {
  return (
    <div role="status" aria-live="polite">
      {message && <div className="notice notice-ok">{message}</div>}
    </div>
  );
}
