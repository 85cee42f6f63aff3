export function SegmentLoading() {
  return (
    <div className="mx-auto max-w-6xl px-6 py-8" aria-busy="true">
      <div className="h-7 w-48 animate-pulse rounded bg-gray-200" />
      <div className="mt-6 h-64 animate-pulse rounded-lg bg-gray-100" />
    </div>
  );
}
