import type { AttributeValue, OtelEvent, OtelSpan, OtelStatusCode } from './otel-span.js';
import { decodeTraceRequestProtobuf } from './otlp-proto-schema.js';

/** The OTLP JSON shape of an export request (protobuf decodes to it too, ids aside). */
interface WireRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: WireKeyValue[] };
    scopeSpans?: Array<{ scope?: { name?: string }; spans?: WireSpan[] }>;
  }>;
}
interface WireKeyValue {
  key?: string;
  value?: WireAnyValue;
}
interface WireAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number | string;
  arrayValue?: { values?: WireAnyValue[] };
  kvlistValue?: { values?: WireKeyValue[] };
  bytesValue?: string | Uint8Array;
}
interface WireSpan {
  traceId?: string | Uint8Array;
  spanId?: string | Uint8Array;
  parentSpanId?: string | Uint8Array;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: WireKeyValue[];
  events?: Array<{ name?: string; timeUnixNano?: string | number; attributes?: WireKeyValue[] }>;
  status?: { code?: number; message?: string };
}

/** Spans of an OTLP/HTTP JSON export request body. */
export function decodeOtlpJson(text: string): OtelSpan[] {
  return flatten(JSON.parse(text) as WireRequest);
}

/** Spans of an OTLP/HTTP protobuf export request body. */
export function decodeOtlpProtobuf(bytes: Uint8Array): OtelSpan[] {
  return flatten(decodeTraceRequestProtobuf(bytes) as WireRequest);
}

function flatten(request: WireRequest): OtelSpan[] {
  const spans: OtelSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const scope = scopeSpans.scope?.name ?? '';
      for (const span of scopeSpans.spans ?? []) {
        const traceId = idOf(span.traceId);
        const spanId = idOf(span.spanId);
        if (traceId === '' || spanId === '') continue;
        const parent = idOf(span.parentSpanId);
        spans.push({
          traceId,
          spanId,
          parentSpanId: parent === '' ? null : parent,
          name: span.name ?? '',
          kind: span.kind ?? 0,
          startTimeUnixNano: nanosOf(span.startTimeUnixNano),
          endTimeUnixNano: nanosOf(span.endTimeUnixNano),
          attributes: attributesOf(span.attributes),
          events: (span.events ?? []).map(
            (event): OtelEvent => ({
              name: event.name ?? '',
              timeUnixNano: nanosOf(event.timeUnixNano),
              attributes: attributesOf(event.attributes),
            }),
          ),
          status: { code: statusCodeOf(span.status?.code), message: span.status?.message ?? '' },
          resource,
          scope,
        });
      }
    }
  }
  return spans;
}

/** OTLP JSON ids are hex; protobuf ids are bytes. Both become lowercase hex. */
function idOf(id: string | Uint8Array | undefined): string {
  if (id === undefined) return '';
  if (typeof id === 'string') return /^[0-9a-fA-F]*$/.test(id) ? id.toLowerCase() : base64ToHex(id);
  return Buffer.from(id.buffer, id.byteOffset, id.byteLength).toString('hex');
}

/** Some JSON encoders (protobuf's canonical JSON mapping) write ids as base64. */
function base64ToHex(id: string): string {
  return Buffer.from(id, 'base64').toString('hex');
}

function nanosOf(value: string | number | undefined): bigint {
  if (value === undefined || value === '') return 0n;
  return typeof value === 'number' ? BigInt(Math.round(value)) : BigInt(value);
}

function statusCodeOf(code: number | undefined): OtelStatusCode {
  return code === 1 || code === 2 ? code : 0;
}

function attributesOf(list: WireKeyValue[] | undefined): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  if (list === undefined) return attributes;
  for (const entry of list) {
    if (entry.key !== undefined) attributes[entry.key] = anyValueOf(entry.value);
  }
  return attributes;
}

function anyValueOf(value: WireAnyValue | undefined): AttributeValue {
  if (value === undefined || value === null) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(anyValueOf);
  if (value.kvlistValue !== undefined) return attributesOf(value.kvlistValue.values);
  if (value.bytesValue !== undefined) {
    return typeof value.bytesValue === 'string' ? Buffer.from(value.bytesValue, 'base64') : value.bytesValue;
  }
  return null;
}
