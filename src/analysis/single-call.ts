import type { RunResults, SpanRecord, TaskRecord } from '../spec/index.js';
import { quantile } from './quantile.js';

/** One request on its own: what vendor benchmarks publish. */
export interface SingleCallFigures {
  ttftMs: number | null;
  outputTokensPerS: number | null;
  /** Where the figures came from: the `run --single-call` probe, chat spans at concurrency 1, or nowhere. */
  source: 'probe' | 'chat spans at concurrency 1' | 'unavailable';
  /** The chat role the figures describe (null: every chat span of the level). */
  role: string | null;
  /** The harness's warnings while the probe ran (another fabric's level may have shared the machine). */
  harnessWarnings: string[];
}

/**
 * The single-call figures for a run: the `run --single-call` probe's for
 * the given chat role (or, when no role is named, the alphabetically first
 * probed role, so every run is read the same way), otherwise the medians
 * over streamed chat spans of the concurrency-1 level: the closest
 * measured stand-in, and labelled as such.
 */
export function singleCallFigures(
  results: RunResults,
  tasks?: readonly TaskRecord[],
  spans?: readonly SpanRecord[],
  role?: string,
): SingleCallFigures {
  const probe = results.singleCall ?? {};
  const probedRole = role ?? Object.keys(probe).sort()[0];
  const chosen = probedRole === undefined ? undefined : probe[probedRole];
  if (chosen !== undefined && probedRole !== undefined) {
    return {
      ttftMs: chosen.ttftMs,
      outputTokensPerS: chosen.outputTokensPerS,
      source: 'probe',
      role: probedRole,
      harnessWarnings: chosen.harness?.warnings ?? [],
    };
  }
  const unavailable: SingleCallFigures = {
    ttftMs: null,
    outputTokensPerS: null,
    source: 'unavailable',
    role: role ?? null,
    harnessWarnings: [],
  };
  const single = results.levels.find((level) => level.mode === 'closed' && level.concurrency === 1);
  if (single === undefined || tasks === undefined || spans === undefined) return unavailable;
  const inLevel = new Set(
    tasks.filter((task) => task.level === single.label && !task.warmup).map((task) => task.taskExecId),
  );
  const ttfts: number[] = [];
  const rates: number[] = [];
  for (const span of spans) {
    if (span.kind !== 'chat' || span.ttftMs === null || span.status !== 'ok' || !inLevel.has(span.taskExecId))
      continue;
    if (role !== undefined && span.role !== role) continue;
    ttfts.push(span.ttftMs);
    const decodeS = (span.endMs - span.startMs - span.ttftMs) / 1000;
    if (span.outputTokens > 1 && decodeS > 0) rates.push((span.outputTokens - 1) / decodeS);
  }
  if (ttfts.length === 0) return unavailable;
  return {
    ttftMs: quantile(ttfts, 0.5),
    outputTokensPerS: quantile(rates, 0.5),
    source: 'chat spans at concurrency 1',
    role: role ?? null,
    harnessWarnings: single.harness.warnings,
  };
}
