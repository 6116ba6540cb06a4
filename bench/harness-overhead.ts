/**
 * The harness's own cost and timing fidelity, every figure a ratio against a
 * baseline measured in this same run (min/median/max of REPETITIONS):
 * CPU per step against autocannon and a bare undici loop, TTFT error
 * against a bare undici client, open-loop lateness against a bare
 * setTimeout dispatcher, a 10,000-agent level, and report on 1,000,000 tasks.
 *
 *   npm run bench -- harness
 *   SECTIONS=cpu,ttft npm run bench -- harness     (a subset)
 *   SECTIONS=workers npm run bench -- harness      (bundled suite at 64 agents, --workers 1 vs 2; needs npm run build)
 */
import { bundledWorkers } from './harness/bundled-workers.js';
import { cpuPerStep } from './harness/cpu-per-step.js';
import { manyAgents } from './harness/many-agents.js';
import { openLoopLateness } from './harness/open-loop-lateness.js';
import { reportScale } from './harness/report-scale.js';
import { ttftError } from './harness/ttft-error.js';

const SECTIONS: Record<string, () => Promise<void>> = {
  cpu: cpuPerStep,
  ttft: ttftError,
  'open-loop': openLoopLateness,
  agents: manyAgents,
  report: reportScale,
  workers: bundledWorkers,
};

const chosen = (process.env.SECTIONS ?? Object.keys(SECTIONS).join(',')).split(',');
for (const name of chosen) {
  const section = SECTIONS[name];
  if (section === undefined) {
    console.error(`no section "${name}"; choose from: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
  await section();
  console.log('');
}
