/**
 * Reading one page ahead of the writes: while page N is stored (Postgres busy), page N+1 is fetched and parsed
 * (this process busy), so the two no longer take turns on a 2-core machine. Bounded at one page, so memory stays
 * flat; the writes still happen one page at a time, in order, each with its cursor.
 */
export async function* oneAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  // A failure of the page read ahead surfaces when its turn comes; if the writer stops first, it is dropped.
  next.catch(() => {});
  let finished = false;
  try {
    for (;;) {
      const r = await next;
      if (r.done) {
        finished = true;
        return;
      }
      next = it.next();
      next.catch(() => {});
      yield r.value;
    }
  } finally {
    if (!finished) {
      // The writer stopped early (an error, an abort): let the read in flight settle, then close the source,
      // so no request outlives the run.
      await next.then(
        () => it.return?.(),
        () => undefined,
      );
    }
  }
}
