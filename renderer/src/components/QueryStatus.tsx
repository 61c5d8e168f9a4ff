import { describeError } from '../api/hub-error.js';

/** A screen's list while it loads or after it failed: "Loading…", or the hub's refusal in a sentence. */
export function QueryStatus({ query, what }: { query: { isLoading: boolean; isError: boolean; error: unknown }; what: string }) {
  if (query.isError) {
    return (
      <p className="form-error" role="alert">
        Could not load {what}: {describeError(query.error)}
      </p>
    );
  }
  return query.isLoading ? <p className="muted">Loading…</p> : null;
}
