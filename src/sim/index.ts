/** The simulated inference fabric: OpenAI-compatible servers with serving physics. */
export { listBuiltinSimFabrics, loadSimFabric } from './fabric-loader.js';
export type { ResolvedDeployment, ResolvedSimFabric } from './fabric-loader.js';
export { simFabricJsonSchema, simFabricSchema } from './fabric-schema.js';
export { startSimulator } from './simulator.js';
export type { SimulatorHandle, SimulatorOptions } from './simulator.js';
export { estimateTokens } from './tokens.js';
export { stepTimeMs } from './roofline.js';
export type { StepShape } from './roofline.js';
export {
  type DirectionState,
  type LinkModel,
  IDLE_DIRECTION,
  deliver,
  oneWayDelayMs,
  serialisationMs,
} from './network/link-delay.js';
export { type NetworkRelay, startNetworkRelay } from './network/network-relay.js';
export { createDeployment, ChatDeployment, BatchDeployment, type Deployment } from './deployment.js';
export { type EngineClock, liveClock } from './engine/clock.js';
export { VirtualClock } from './engine/virtual-clock.js';
export type { PrefixBoundary } from './engine/prefix-cache.js';
export { fidelityBand, fidelityBandSentence } from './fidelity-band.js';
export type { FidelityBand } from './fidelity-band.js';
export { fillerText } from './filler-text.js';
export { Random, seedFrom } from './random.js';
