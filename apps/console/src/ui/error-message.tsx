import type { ApiError } from '../api';

/** An API failure in words, announced at once; 403 reads as "not allowed". */
export function ErrorMessage({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  return (
    <div class="error" role="alert">
      <strong>{error.status === 403 ? 'Not allowed. ' : 'Error. '}</strong>
      {error.message}
    </div>
  );
}
