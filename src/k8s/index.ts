/** Kubernetes manifests for sharded runs. */
export { type ShardJobOptions, shardJobManifests } from './manifests.js';
