/** What-if placement: predict a recorded run on another fabric by discrete-event replay. */
export { chooseFabric, recordedFabricChoice, type FabricChoice } from './fabric-choice.js';
export { predictRun, type PredictionInfo, type WhatIfOptions } from './predict-run.js';
export { buildTaskGraph, type GraphStep, type TaskGraph } from './task-graph.js';
export { type ModelStepRunner, type ReplayLoad, replayLevel, replayedRecords } from './replay-level.js';
export { sharedKey, sharedOpenings, turnKey } from './shared-openings.js';
export type { SimulatedStep } from './virtual-fabric.js';
