/**
 * The network model between two hosts, as pure functions of the link, the
 * message and the draws: the loopback relay calls them with the wall clock,
 * a discrete-event simulator can call them with virtual time. No I/O, no
 * clock, no randomness of its own (the caller passes standard normal draws).
 */

/** A link as the fabric describes it (see placement-schema.ts in src/config). */
export interface LinkModel {
  /** Round-trip time, ms. */
  rttMs: number;
  /** Standard deviation of the round trip, ms. */
  jitterMs: number;
  /** Megabits per second; undefined: unlimited. */
  bandwidthMbps?: number | undefined;
}

/** What one direction of a connection remembers between messages. */
export interface DirectionState {
  /** When the link finishes serialising the previous message (ms, caller's time base). */
  linkFreeAtMs: number;
  /** When the previous message was delivered: delivery keeps the order bytes were sent in. */
  lastDeliveryAtMs: number;
}

export const IDLE_DIRECTION: DirectionState = { linkFreeAtMs: 0, lastDeliveryAtMs: 0 };

/**
 * One-way propagation of a message: half the round trip plus this
 * direction's share of the jitter (sd jitterMs/√2, so two directions add up
 * to a round trip with sd jitterMs), never below 0.
 */
export function oneWayDelayMs(link: LinkModel, standardNormal: number): number {
  const delay = link.rttMs / 2 + standardNormal * (link.jitterMs / Math.SQRT2);
  return delay > 0 ? delay : 0;
}

/** Time to put `bytes` on the wire at the link's rate, ms (0 when unlimited). */
export function serialisationMs(link: LinkModel, bytes: number): number {
  if (link.bandwidthMbps === undefined) return 0;
  return (bytes * 8) / (link.bandwidthMbps * 1000);
}

/**
 * When a message of `bytes` sent at `sentAtMs` is delivered at the far end,
 * and the direction's new state. Messages serialise one after another at the
 * link rate, then propagate; a later message is never delivered before an
 * earlier one (one TCP stream keeps its order).
 */
export function deliver(
  link: LinkModel,
  state: DirectionState,
  sentAtMs: number,
  bytes: number,
  standardNormal: number,
): { deliverAtMs: number; state: DirectionState } {
  const serialised = Math.max(sentAtMs, state.linkFreeAtMs) + serialisationMs(link, bytes);
  const arrival = serialised + oneWayDelayMs(link, standardNormal);
  const deliverAtMs = Math.max(arrival, state.lastDeliveryAtMs);
  return { deliverAtMs, state: { linkFreeAtMs: serialised, lastDeliveryAtMs: deliverAtMs } };
}
