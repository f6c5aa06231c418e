/**
 * Exponential backoff with full jitter: attempt 0 waits up to `baseMs`, each further attempt
 * doubles the ceiling until `maxMs`. Jitter keeps many restarting clients from moving in step.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
