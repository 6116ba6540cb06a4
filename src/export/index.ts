/** Export of a run's spans to OpenTelemetry backends. */
export {
  createOtlpSpanExporter,
  type OtlpSpanExporter,
  type OtlpSpanExporterOptions,
} from './otlp-exporter.js';
export { stepSpan, taskSpan, type OtlpJsonSpan, type OtlpKeyValue } from './otlp-json.js';
export { spanIdFor, traceIdFor } from './otlp-ids.js';
