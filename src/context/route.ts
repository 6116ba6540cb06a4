import type { EndpointAdapter, TokenUsage } from '../spec/index.js';

/**
 * How one role is served in the current fabric, resolved once per run so
 * the per-step path only reads fields.
 */
export interface RoleRoute {
  role: string;
  endpointName: string;
  adapter: EndpointAdapter;
  model: string;
  placement: string;
  simulated: boolean;
  /** USD for a call's usage (per-call prices included); null when no price is known. */
  cost(usage: TokenUsage | { inputTokens: number }, calls: number): number | null;
}
