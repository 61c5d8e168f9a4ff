/*
 * Waiting on a condition instead of sleeping for a guessed time: tests poll what they need
 * (a row written, a socket event seen, a port answering) and fail naming it after a timeout.
 */

/** Resolves once `check` is true (sync or async); polls every `everyMs`, one check at a time. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
