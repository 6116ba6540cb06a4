/** Capacity search: the largest load that meets every SLO, probe by probe, with early stopping. */
export {
  searchCapacity,
  summarizeSearch,
  type Probe,
  type ProbeVerdict,
  type SearchOptions,
  type SearchOutcome,
  type SearchStatus,
} from './search.js';
export { realProbe, type CapacityProbe, type ProbeSetup } from './run-probe.js';
export { SloStopRule } from './slo-stop-rule.js';
export {
  findCapacity,
  capacityEntry,
  answerSentence,
  type FindCapacityOptions,
} from './find-capacity.js';
