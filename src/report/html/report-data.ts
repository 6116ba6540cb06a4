import type { ReportModel } from '../report-model.js';
import { BREAKDOWN_CATEGORIES } from '../step-breakdown.js';
import type { Waterfall } from '../waterfall.js';

/** The JSON the page script draws from: aggregates only, so its size does not grow with the run. */
export interface ReportChartData {
  simulated: boolean;
  categories: readonly string[];
  levels: {
    label: string;
    cdf: { ms: number[]; fraction: number[] };
    p50: number | null;
    p95: number | null;
    p99: number | null;
    passedP50: number | null;
    passedP95: number | null;
    stepsPerSecond: number;
    shares: Record<string, number>;
  }[];
  perTask: { level: string; task: string; costMean: number | null; p95: number | null }[];
  waterfalls: (Waterfall & { level: string })[];
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function reportChartData(model: ReportModel): ReportChartData {
  return {
    simulated: model.results.simulated,
    categories: BREAKDOWN_CATEGORIES,
    levels: model.levels.map((view) => ({
      label: view.result.label,
      cdf: {
        ms: view.cdf.map((point) => round(point.ms)),
        fraction: view.cdf.map((point) => round(point.fraction)),
      },
      p50: view.result.e2eMs.p50,
      p95: view.result.e2eMs.p95,
      p99: view.result.e2eMs.p99,
      passedP50: view.result.passedE2eMs.p50,
      passedP95: view.result.passedE2eMs.p95,
      stepsPerSecond: view.result.stepsPerSecond,
      shares: { ...view.criticalPathShare },
    })),
    perTask: model.levels.flatMap((view) =>
      Object.entries(view.result.byTask).map(([task, block]) => ({
        level: view.result.label,
        task,
        costMean: block.costPerTaskUsd.mean,
        p95: block.e2eMs.p95,
      })),
    ),
    waterfalls: model.levels.flatMap((view) =>
      view.waterfalls.map((waterfall) => ({ ...waterfall, level: view.result.label })),
    ),
  };
}
