/**
 * Waits for a condition that another loop (a projection, a worker thread) brings about on its
 * own clock, polling every 10 ms; fails after `timeoutMs`. A wait, never a timing assertion.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
