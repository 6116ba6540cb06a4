/**
 * `agentperf/task`: what a task or suite module needs to be written,
 * without the runner, endpoints, store and reports behind `agentperf`.
 * Every task module imports it, so it loads nothing at run time but the
 * two identity helpers (types are erased).
 */
export { defineSuite, defineTask, type SuiteDefinition } from './config/define.js';
export type * from './spec/index.js';
