/**
 * A turn of the event loop, for long work done in slices inside a serving process (the measures' evidence, the
 * targets, the measure bridge, a draft's clauses): the server answers other requests between two slices.
 * `await` on a settled promise yields only to microtasks, which is why a loop needs this and not just `await`.
 * @example for (const [i, p] of paragraphs.entries()) { if (i > 0 && i % 2_000 === 0) await nextTurn(); … }
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
