import { AgentperfError } from '../errors.js';
import type { Clock, ShardArrival, ShardMeetingPoint } from '../spec/index.js';
import type { ProgressSink } from './progress.js';
import type { LoadShare } from './shard-split.js';

/** Start this long after the last shard arrived: every shard's next poll sees the arrival first. */
export const MEETING_MARGIN_MS = 1_000;
const POLL_MS = 100;
/** How long a shard waits for the others before it gives up (pods can be slow to schedule). */
export const MEETING_TIMEOUT_MS = 15 * 60_000;

/**
 * The agreed start (Unix ms) once all `count` shards have arrived: the
 * latest arrival plus a margin, never before `notBefore`. Every shard
 * computes it from the same arrivals, so all get the same answer. Null
 * while a shard is missing.
 */
export function agreedStart(
  arrivals: ShardArrival[],
  count: number,
  notBefore: number | null,
): number | null {
  if (new Set(arrivals.map((arrival) => arrival.shard)).size < count) return null;
  const latest = Math.max(...arrivals.map((arrival) => arrival.atMs));
  return Math.max(latest + MEETING_MARGIN_MS, notBefore ?? 0);
}

/**
 * Meets the other shards at `step` (a level) through the shared store and
 * sleeps until the agreed start, so that every shard starts the level in
 * the same window whatever its pod's start-up time or previous level's
 * length. Throws when a shard does not arrive in time.
 */
export async function meetShards(meeting: {
  point: ShardMeetingPoint;
  group: string;
  step: string;
  share: LoadShare;
  clock: Clock;
  signal: AbortSignal;
  notBefore: number | null;
  progress: ProgressSink;
  timeoutMs?: number;
}): Promise<void> {
  const { point, group, step, share, clock, signal } = meeting;
  await point.arrive(group, step, { shard: share.index, atMs: Date.now() });
  const giveUpAt = Date.now() + (meeting.timeoutMs ?? MEETING_TIMEOUT_MS);
  let told = false;
  for (;;) {
    if (signal.aborted) return;
    const arrivals = await point.arrivals(group, step);
    const start = agreedStart(arrivals, share.count, meeting.notBefore);
    if (start !== null) {
      const wait = start - Date.now();
      if (wait > 0) await clock.sleep(wait, signal).catch(() => undefined);
      return;
    }
    if (Date.now() > giveUpAt) {
      const here = new Set(arrivals.map((arrival) => arrival.shard));
      const missing = Array.from({ length: share.count }, (_, index) => index).filter(
        (index) => !here.has(index),
      );
      throw new AgentperfError(
        'config',
        `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${share.count} did not reach level ${step} within ${Math.round((meeting.timeoutMs ?? MEETING_TIMEOUT_MS) / 1000)} s`,
        {
          hint: 'start every shard with the same suite, flags and --start-at, and one shared --store (a postgres:// URL across machines)',
        },
      );
    }
    if (!told) {
      meeting.progress.message?.(
        `shard ${share.index}/${share.count}: waiting for the other shards at level ${step}`,
      );
      told = true;
    }
    await clock.sleep(POLL_MS, signal).catch(() => undefined);
  }
}
