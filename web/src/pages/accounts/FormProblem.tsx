import { errorText } from "./useAction.ts";

/** A failed submission's message above its form (the field messages sit at their fields). */
export function FormProblem({ error, action }: { error: unknown; action: string }) {
  if (!error) return null;
  return (
    <p className="notice notice-error" role="alert">
      <strong>Could not {action}:</strong> {errorText(error)}
    </p>
  );
}
