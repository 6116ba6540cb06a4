/** The shape of results.json: computed by src/metrics from the records alone. */

export interface LatencySummary {
  /** Number of samples the percentiles were computed from. */
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
  /** Distribution-free 95% confidence intervals from order statistics; null when n is too small. */
  ci95: { p95: [number, number] | null; p99: [number, number] | null };
  /** Percentiles printed from fewer samples than they need to be meaningful (e.g. p99 with n < 1000). */
  lowSampleWarnings: string[];
  /** 'exact' (every sample, linear interpolation) or 'histogram' (HDR, <= 0.1% error). */
  method: 'exact' | 'histogram';
}

export interface CostSummary {
  mean: number | null;
  p95: number | null;
  /** Tasks whose cost was unknown because a step had no price. */
  unpricedTasks: number;
}

/** Failures of one fault class (`HTTP 503`, `timeout`, `tool error`, …) with one example message. */
export interface FaultCount {
  fault: string;
  count: number;
  /** The first such failure's message, secrets redacted, cut to a line. */
  example: string;
}

/** How much of a level's token counts and cost are estimates (servers that reported no usage). */
export interface EstimatedUsage {
  /** Steps whose usage was estimated. */
  steps: number;
  /** USD of those steps. */
  costUsd: number;
  /** Their share (0..1) of the level's priced step cost; null when the level cost nothing. */
  costShare: number | null;
}

export interface MetricBlock {
  tasksCompleted: number;
  tasksPassed: number;
  tasksErrored: number;
  /** Errored tasks per fault class, most first; absent when none errored. */
  faults?: FaultCount[];
  e2eMs: LatencySummary;
  passedE2eMs: LatencySummary;
  stepsPerSecond: number;
  tasksPerSecond: number;
  goodputTasksPerSecond: number;
  passRate: number | null;
  costPerTaskUsd: CostSummary;
  /** Total cost of all tasks / passed tasks; null when nothing passed or costs are unknown. */
  costPerPassedTaskUsd: number | null;
}

export interface StepKindSummary {
  count: number;
  ms: { p50: number | null; p95: number | null; p99: number | null };
  /** Fraction (0..1) of the summed critical-path time of the level's tasks spent in this kind. */
  criticalPathShare: number;
}

/** One tool's calls in a level: its own time and, when placed with a network, the network part. */
export interface ToolSummary {
  /** Host label the calls ran on ("local" when not placed). */
  placement: string;
  count: number;
  /** Whole call durations, network included. */
  ms: { p50: number | null; p95: number | null; p99: number | null };
  /** The network part of each call (simulated); null when the tool had no network. */
  networkMs: { p50: number | null; p95: number | null; p99: number | null } | null;
  /** Fraction (0..1) of the level's summed critical-path time spent executing this tool. */
  criticalPathShare: number;
  /** Fraction (0..1) of the level's summed critical-path time spent on this tool's network. */
  networkCriticalPathShare: number;
}

export interface LevelResult extends MetricBlock {
  label: string;
  mode: 'closed' | 'open';
  /** Closed loop: number of agents. */
  concurrency?: number;
  /** Open loop: scheduled arrivals per second. */
  arrivalRatePerS?: number;
  arrivalProcess?: 'poisson' | 'constant';
  fabric: string;
  /** Measured window (first measured start to last end), seconds. */
  wallS: number;
  warmupTasks: number;
  byTask: Record<string, MetricBlock>;
  byStepKind: Record<string, StepKindSummary>;
  /** Serving figures of each chat role (TTFT, TPOT, ITL, output tokens/s), as serving benchmarks define them. */
  servingByRole?: Record<string, ServingFigures>;
  /** Per tool name (absent in runs recorded before tool placement existed). */
  byTool?: Record<string, ToolSummary>;
  /** Failed steps per fault class, most first (a failed step need not fail its task); absent when none failed. */
  stepFaults?: FaultCount[];
  /** Steps whose usage was estimated and the share of cost resting on them; absent when every step reported usage. */
  estimatedUsage?: EstimatedUsage;
  /** Harness health during the level: when the harness may have distorted the numbers, warnings say so. */
  harness: HarnessHealth;
  /** True when the run was interrupted during this level. */
  partial: boolean;
  /** Present when a stop rule (`run --until`, a capacity probe) could end the level early: how it ended. */
  stop?: LevelStopRecord;
}

/** How a level with a stop rule ended. */
export interface LevelStopRecord {
  /** The rule, e.g. `ci(e2e.p95)<=5%`. */
  rule: string;
  /** `rule`: the rule held and the level stopped; `budget`: its tasks or duration ran out first; `interrupted`: the run was stopped. */
  by: 'rule' | 'budget' | 'interrupted';
  /** A sentence with the numbers, e.g. "p95 interval ±4.6% after 812 tasks". */
  detail: string;
  /** Measured tasks the level recorded (warm-up excluded). */
  measuredTasks: number;
}

/**
 * The figures serving benchmarks (vLLM's `vllm bench serve`, NVIDIA
 * GenAI-Perf) report, over one role's chat calls at one level. Percentiles
 * are over calls; null when no call of the role gave the figure.
 */
export interface ServingFigures {
  /** Chat calls of the role that succeeded. */
  requests: number;
  /** Of those, calls streamed with a first token seen. */
  streamed: number;
  /** Time to first token: from the request leaving the client (after any client-side slot wait) to the first token. */
  ttftMs: { p50: number; p95: number; p99: number } | null;
  /** Time per output token after the first: (call end − first token) / (output tokens − 1), per call. */
  tpotMs: { p50: number; p95: number; p99: number } | null;
  /** Inter-token latency: mean gap between consecutive streamed chunks, pooled over every gap of every call. */
  itlMeanMs: number | null;
  /** Output tokens of the role's calls per second of the level's measured window. */
  outputTokensPerS: number;
}

export interface HarnessHealth {
  eventLoopLagMs: { p50: number; p99: number; max: number };
  /** Busy fraction (event-loop utilisation) of the harness thread over the level; workers excluded. */
  cpuFraction: number;
  /** Scheduling lag in open loop: actual start minus scheduled start, p99 ms (0 in closed loop). */
  startLagP99Ms: number;
  /**
   * Closed loop: task starts the harness queued because a burst of starts
   * would have held its thread (more than 64 or 4 ms back to back; see
   * docs/metrics.md). Each such task's times begin when it was released,
   * so this says how much the harness, not the system, held its agents
   * back. Absent: none.
   */
  pacedStarts?: number;
  warnings: string[];
  /** Agent worker threads the level ran in (`run --workers`); the figures above are the worst thread's. Absent: the main thread ran the agents. */
  workers?: number;
  /**
   * The simulator threads the run hosted (simulated fabrics only), worst
   * thread's figures over the level. The simulator sends tokens when its
   * timers fire, so its lag makes the fabric slower than its physics.
   */
  simulator?: SimulatorThreadHealth;
}

/** How late a simulator thread's timers fired over a window, and how busy it was. */
export interface SimulatorThreadHealth {
  /** Event-loop lag p99, ms: tokens and responses went out up to this much later than the physics said. */
  lagP99Ms: number;
  /** Event-loop lag max, ms. */
  lagMaxMs: number;
  /** Event-loop utilisation of the simulator thread over the window (0–1). */
  busyFraction: number;
}

export interface RunEnvironment {
  agentperfVersion: string;
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  hostname: string;
  gitRevision: string | null;
}

export interface RunResults {
  schemaVersion: 1;
  runId: string;
  suite: string;
  fabric: string;
  /** True when any endpoint of the fabric is the simulator: every figure must be labelled simulated. */
  simulated: boolean;
  status: 'complete' | 'partial' | 'failed';
  startedAt: string;
  finishedAt: string;
  seed: number;
  environment: RunEnvironment;
  /** The resolved configuration the runner consumed (secrets never included). */
  config: unknown;
  /** Time spent in one-off task preparation (e.g. index building), per task, ms; not part of task latency. */
  prepareMs: Record<string, number>;
  levels: LevelResult[];
  /** Threshold outcomes, when thresholds were given. */
  thresholds: ThresholdOutcome[];
  /**
   * The classic single-call numbers, per chat role (from `run --single-call`):
   * one request at a time, no agent around it. Shown beside the agent
   * metrics so a scorecard can say where the two rankings differ.
   */
  singleCall?: Record<string, SingleCallProbe>;
  /** What served the run, for hardware cost and energy per task; when absent it is read from `config`. */
  fleet?: FleetMember[];
  /** True for a what-if prediction (`agentperf whatif`): no task ran; every figure is predicted. */
  predicted?: boolean;
  /** Where a prediction came from and how it was made. */
  prediction?: {
    fromRun: string;
    fromFabric: string;
    method: string;
    /** Per level: client-side ms added to each simulated model step, by step kind (calibrated on the recorded run). */
    overheadMs: Record<string, Record<string, number>>;
    /**
     * Recorded levels whose harness warned, each with the unwarned level
     * whose overhead it uses instead (the warned level's own carries the
     * recording's delay, not the fabric's). Absent in older predictions.
     */
    overheadFrom?: Record<string, string>;
  };
  /** Present when the run was continued with `run --resume` after an interruption. */
  resumed?: { at: string; keptTasks: number; note: string };
  /** Set when the run is one of `run --repeat K`: the repeats of one configuration form a group. */
  group?: RunGroup;
  /** Present when this run is one shard of a sharded run (`run --shard i/N`). */
  shard?: ShardInfo;
  /** Present on a merged run: one entry per merged shard, its own harness health per level. */
  shards?: MergedShard[];
}

/** A run's place in a group of repeats (`run --repeat K`): compare treats the group as one side. */
export interface RunGroup {
  /** Shared by every repeat of one fabric in one `run --repeat` invocation. */
  id: string;
  /** 0-based repeat number. */
  index: number;
  /** K. */
  size: number;
}

/** What a shard says about itself so that `merge` can check the shards belong together. */
export interface ShardInfo {
  /** 0-based shard index (a Kubernetes Indexed Job's completion index). */
  index: number;
  /** Number of shards (the Job's completions). */
  count: number;
  /** sha256 of the resolved plan (suite, fabric, levels, tasks, cases, seed): equal across shards of one run. */
  planDigest: string;
  /** The agreed start time (ISO) the shard waited for before its first level, when given. */
  startAt: string | null;
  /** Unix ms of the shard's record clock zero (startMs 0): merge aligns shards' records by it. */
  epochMs: number;
  /** Per level label: when this shard began and ended generating that level's load (ms on its record clock). */
  levelWindows: Record<string, [number, number]>;
}

/** One shard of a merged run, as `merge` found it. */
export interface MergedShard {
  index: number;
  runId: string;
  status: RunResults['status'];
  hostname: string;
  /** Per level label: that shard's harness health and measured window (s since the merged start). */
  levels: Record<string, { harness: HarnessHealth; windowS: [number, number] | null; tasks: number }>;
}

/** Time to first token and decode speed of lone requests to one role's endpoint. */
export interface SingleCallProbe {
  endpoint: string;
  model: string;
  placement: string;
  simulated: boolean;
  samples: number;
  /** Median time to first token, ms. */
  ttftMs: number;
  /** Median output tokens per second after the first token. */
  outputTokensPerS: number;
  /**
   * When the probe ran: never during one of its fabric's levels, so its
   * requests are lone on that fabric. `while waiting for agents`: between
   * two levels, while the next one waited for agents another fabric held
   * (`run` with several fabrics at once); `after the levels`: once the last
   * level had drained; `before the levels`: a shard of a sharded run
   * (other shards may still be measuring when its own levels end). Absent
   * in runs made before the probe moved (it ran before the first level).
   */
  phase?: 'before the levels' | 'while waiting for agents' | 'after the levels';
  /** Start and end of the probe, ms on the run's timeline (the levels' clock). */
  windowMs?: [number, number];
  /**
   * The harness's health while the probe ran: another fabric's level may
   * have shared the harness (and the machine) with it, so its lag is checked
   * against the same limits as a level's, and a warning says when its TTFT
   * may include harness delay.
   */
  harness?: HarnessHealth;
}

/** One deployment of a fleet: its replicas and what each costs and draws. */
export interface FleetMember {
  name: string;
  replicas: number;
  /** Per replica, USD per hour; null when unknown. */
  costPerHourUsd: number | null;
  costSource: string | null;
  /** Per replica, W (vendor maximum: an upper bound); null when unknown. */
  powerWatts: number | null;
  powerSource: string | null;
  /** True when the deployment is a simulated one (its figures describe a simulated fleet). */
  simulated: boolean;
}

export interface ThresholdOutcome {
  expression: string;
  level: string | null;
  actual: number | null;
  passed: boolean;
  message: string;
}
