/** Self-test parts: a zero-physics loopback endpoint and a demo task (harness overhead, runner tests). */
export { startLoopbackServer, type LoopbackOptions, type LoopbackServer } from './loopback-server.js';
export { demoTask } from './demo-task.js';
export type { ServiceCurve } from './service-slots.js';
