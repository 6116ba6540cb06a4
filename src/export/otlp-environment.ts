import { UsageError } from '../errors.js';

/** Where and how to send spans, as the OTLP exporter settings of the OpenTelemetry spec define them. */
export interface OtlpTarget {
  /** The traces endpoint (…/v1/traces). */
  tracesUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  serviceName: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Resolves the exporter's target from an explicit URL (`--otlp URL`) or the
 * standard variables: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is),
 * OTEL_EXPORTER_OTLP_ENDPOINT (base: /v1/traces appended),
 * OTEL_EXPORTER_OTLP_[TRACES_]HEADERS (`k=v,k2=v2`, values URL-encoded),
 * OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT (ms) and OTEL_SERVICE_NAME. The
 * signal-specific variable wins over the general one; explicit options win
 * over both.
 */
export function resolveOtlpTarget(
  url: string | undefined,
  env: NodeJS.ProcessEnv,
  explicit: { headers?: Record<string, string>; timeoutMs?: number; serviceName?: string } = {},
): OtlpTarget {
  const tracesUrl = tracesUrlOf(url, env);
  const headers = {
    ...parseHeaders(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    ...explicit.headers,
  };
  const timeoutMs =
    explicit.timeoutMs ??
    positiveNumber(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ??
    positiveNumber(env.OTEL_EXPORTER_OTLP_TIMEOUT) ??
    DEFAULT_TIMEOUT_MS;
  const serviceName = explicit.serviceName ?? nonEmpty(env.OTEL_SERVICE_NAME) ?? 'agentperf';
  return { tracesUrl, headers, timeoutMs, serviceName };
}

function tracesUrlOf(url: string | undefined, env: NodeJS.ProcessEnv): string {
  const explicit = nonEmpty(url);
  if (explicit !== undefined) return withTracesPath(explicit);
  const signal = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (signal !== undefined) return signal;
  const base = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (base !== undefined) return `${base.replace(/\/+$/, '')}/v1/traces`;
  throw new UsageError(
    '--otlp was given without a URL and neither OTEL_EXPORTER_OTLP_TRACES_ENDPOINT nor OTEL_EXPORTER_OTLP_ENDPOINT is set',
    'pass --otlp http://HOST:4318, or set OTEL_EXPORTER_OTLP_ENDPOINT',
  );
}

/** A bare collector URL (http://host:4318) gets /v1/traces, as the spec's base endpoint does. */
function withTracesPath(url: string): string {
  return /\/v1\/traces\/?$/.test(url) ? url : `${url.replace(/\/+$/, '')}/v1/traces`;
}

/** The W3C Baggage-like list the spec uses: `key=value` pairs, comma separated, values percent-encoded. */
export function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const key = pair.slice(0, equals).trim().toLowerCase();
    const raw = pair.slice(equals + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // Not percent-encoded after all: keep it as written.
    }
    if (key !== '') headers[key] = value;
  }
  return headers;
}

function positiveNumber(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isFinite(value) && value > 0 ? value : undefined;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}
