/** An attribute value as OTLP carries it (AnyValue), decoded to plain JavaScript. */
export type AttributeValue =
  | string
  | number
  | boolean
  | null
  | Uint8Array
  | AttributeValue[]
  | { [key: string]: AttributeValue };

/** A timed event on a span (e.g. a first-token event). */
export interface OtelEvent {
  name: string;
  timeUnixNano: bigint;
  attributes: Record<string, AttributeValue>;
}

/** OTLP status codes: unset, ok, error. */
export type OtelStatusCode = 0 | 1 | 2;

/**
 * One OpenTelemetry span as the receiver hands it on: ids as lowercase hex,
 * times as epoch nanoseconds, attributes flattened to a record. The same
 * shape whether it arrived as OTLP JSON or protobuf.
 */
export interface OtelSpan {
  traceId: string;
  spanId: string;
  /** Null for a root span. */
  parentSpanId: string | null;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AttributeValue>;
  events: OtelEvent[];
  status: { code: OtelStatusCode; message: string };
  /** Attributes of the resource that emitted it (service.name, …). */
  resource: Record<string, AttributeValue>;
  /** Instrumentation scope name. */
  scope: string;
}
