/** Types every part of agentperf agrees on. Types only: no runtime code. */
export type * from './clock.js';
export type * from './endpoint.js';
export type * from './messages.js';
export type * from './proxy-log.js';
export type * from './records.js';
export type * from './results.js';
export type * from './store.js';
export type * from './task.js';
export type * from './tool.js';
export { WORK_STEP_KINDS } from './records.js';
export type * from './capacity.js';
