/**
 * `npm run bench -- report`: agentperf report on synthetic runs of 100,000
 * and 1,000,000 tasks against a bare line-by-line parse of the same files
 * (time and peak RSS, each in its own process; see harness/report-scale.ts).
 * REPORT_TASKS=100000 for the small size only; REPS for the repetitions.
 */
import { reportScale } from './harness/report-scale.js';

await reportScale();
