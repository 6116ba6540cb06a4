/** The runner: levels, schedulers, execution of tasks, harness health. */
export { runSuite, type RunSuiteOptions, type RunOutcome } from './run-suite.js';
export { AgentGate } from './agent-gate.js';
export type { ProgressSink } from './progress.js';
export { HarnessMonitor, HEALTH_LIMITS, pacedStartsOf, worstSimulatorHealth } from './harness-monitor.js';
export { deriveSeed, seededRandom } from './random.js';
export type { LevelStopFactory, LevelStopRule } from './level-stop.js';
export { untilStopFactory } from './until-stop.js';
export { placeTools, type PlacedTools } from './tool-placement.js';
export {
  type LoadShare,
  WHOLE,
  activeShares,
  arrivalSeed,
  globalExecution,
  parseShare,
  shareAgents,
  shareExecutions,
  shareRate,
} from './shard-split.js';
export { LEVEL_SETTLE_MS, scheduledLevelStart } from './start-at.js';
export { captureEnvironment, packageVersion } from './environment.js';
export { connectFabric, type FabricConnection } from './routes.js';
export { type LevelProgress, type ResumeState, readResumeState } from './resume-state.js';
export { defaultWorkers, parseWorkers, MAX_WORKERS } from './worker-count.js';
