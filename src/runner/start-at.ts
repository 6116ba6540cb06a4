import type { ResolvedLevel } from '../config/index.js';
import type { Clock } from '../spec/index.js';
import type { ProgressSink } from './progress.js';

/**
 * Pause between time-bounded levels of a shared schedule: long enough for
 * tasks still in flight at a level's end to drain on every shard.
 */
export const LEVEL_SETTLE_MS = 5_000;

/**
 * When level `index` of a shared schedule starts (wall-clock ms), or null
 * when it cannot be known in advance: level 0 starts at `startAt`, and a
 * level after time-bounded levels starts once they and their settling
 * pauses are over. After a count-bounded level each shard goes on when done.
 */
export function scheduledLevelStart(startAt: Date, levels: ResolvedLevel[], index: number): number | null {
  let at = startAt.getTime();
  for (const level of levels.slice(0, index)) {
    if (level.durationS === null) return null;
    at += level.durationS * 1000 + LEVEL_SETTLE_MS;
  }
  return at;
}

/** Waits (abortably) until level `index` is due by the shared schedule. */
export async function waitForStart(
  startAt: Date,
  levels: ResolvedLevel[],
  index: number,
  clock: Clock,
  signal: AbortSignal,
  progress: ProgressSink,
): Promise<void> {
  const due = scheduledLevelStart(startAt, levels, index);
  if (due === null) return;
  const wait = due - Date.now();
  if (wait <= 0) {
    if (index === 0 && wait < -1000)
      progress.message?.(
        `--start-at ${startAt.toISOString()} passed ${(-wait / 1000).toFixed(1)} s ago: starting now (merge checks that shard windows still overlap)`,
      );
    return;
  }
  if (index === 0)
    progress.message?.(`waiting ${(wait / 1000).toFixed(1)} s for --start-at ${startAt.toISOString()}`);
  await clock.sleep(wait, signal).catch(() => undefined);
}
