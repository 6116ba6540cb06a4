/** Human units for report numbers; null (unknown) prints as an em dash, never as 0. */
import type { HarnessHealth } from '../spec/index.js';

const DASH = '—';

export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  if (Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  if (Math.abs(value) >= 1000) return `${(value / 1000).toFixed(2)} s`;
  if (Math.abs(value) >= 100) return `${value.toFixed(0)} ms`;
  return `${value.toFixed(1)} ms`;
}

export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  if (value === 0) return '$0';
  if (Math.abs(value) >= 1) return `$${value.toFixed(2)}`;
  if (Math.abs(value) >= 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toPrecision(3)}`;
}

export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || Number.isNaN(fraction)) return DASH;
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatRate(value: number | null | undefined, unit = '/s'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return DASH;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit}`;
}

export function formatInterval(
  interval: [number, number] | null | undefined,
  format: (value: number) => string,
): string {
  if (interval === null || interval === undefined) return '';
  return `[${format(interval[0])}, ${format(interval[1])}]`;
}

/** Formats a value in a metric's unit. */
export function formatInUnit(value: number | null, unit: 'ms' | 'usd' | 'fraction' | 'per-second'): string {
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 'usd':
      return formatUsd(value);
    case 'fraction':
      return formatPercent(value);
    case 'per-second':
      return formatRate(value);
  }
}

/** A signed change in a metric's unit (a fraction's change prints in percentage points). */
export function formatSignedChange(
  value: number | null,
  unit: 'ms' | 'usd' | 'fraction' | 'per-second',
): string {
  if (value === null || Number.isNaN(value)) return DASH;
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const magnitude = Math.abs(value);
  if (unit === 'fraction') return `${sign}${(magnitude * 100).toFixed(1)} pt`;
  return `${sign}${formatInUnit(magnitude, unit)}`;
}

/** The level's load as a person says it: "16 agents" or "2.5 tasks/s (poisson)". */
export function describeLoad(level: {
  mode: 'closed' | 'open';
  concurrency?: number;
  arrivalRatePerS?: number;
  arrivalProcess?: string;
}): string {
  if (level.mode === 'closed')
    return `${level.concurrency ?? '?'} agent${level.concurrency === 1 ? '' : 's'}`;
  return `${level.arrivalRatePerS ?? '?'} tasks/s${level.arrivalProcess ? ` (${level.arrivalProcess})` : ''}`;
}

/** Beside a level's start lag: how many closed-loop starts the harness paced, when it paced any. */
export function pacedNote(health: HarnessHealth): string {
  const paced = health.pacedStarts ?? 0;
  return paced > 0 ? ` (${paced.toLocaleString('en')} starts paced)` : '';
}

/** The simulator threads' lag and busy share; a dash when the level hosted none (a real fabric, or a run recorded before this was measured). */
export function simulatorLag(health: HarnessHealth): string {
  const simulator = health.simulator;
  return simulator === undefined
    ? DASH
    : `${formatMs(simulator.lagP99Ms)} (${formatPercent(simulator.busyFraction, 0)})`;
}
