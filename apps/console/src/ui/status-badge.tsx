/** A run or item status as a word and a colour (never colour alone). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge badge-${status}`}>{status.replace(/_/g, ' ')}</span>
  );
}
