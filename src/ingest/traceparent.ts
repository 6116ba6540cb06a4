import { randomBytes } from 'node:crypto';

/** A fresh W3C trace context for one request. */
export interface TraceContext {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits: the span id the callee sees as its parent. */
  spanId: string;
  /** `00-<traceId>-<spanId>-01` (version 00, sampled). */
  traceparent: string;
}

/** A random trace id and span id, sampled, as a `traceparent` header value. */
export function newTraceContext(): TraceContext {
  const traceId = nonZeroHex(16);
  const spanId = nonZeroHex(8);
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The trace id of a `traceparent` header, or null when it is absent or malformed. */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  if (typeof traceparent !== 'string') return null;
  const match = TRACEPARENT.exec(traceparent.trim().toLowerCase());
  if (match === null || match[1] === 'ff') return null;
  const traceId = match[2]!;
  return /^0+$/.test(traceId) ? null : traceId;
}

/** All-zero ids are invalid in W3C trace context. */
function nonZeroHex(bytes: number): string {
  for (;;) {
    const hex = randomBytes(bytes).toString('hex');
    if (!/^0+$/.test(hex)) return hex;
  }
}
