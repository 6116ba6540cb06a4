/** Export of a run's spans to OpenTelemetry backends. */
export {
  createOtlpSpanExporter,
  type OtlpSpanExporter,
  type OtlpSpanExporterOptions,
} from './otlp-exporter.js';
export { stepSpan, taskSpan, type OtlpJsonSpan, type OtlpKeyValue } from './otlp-json.js';
export { spanIdFor, traceIdFor } from './otlp-ids.js';
export { type OtlpTarget, parseHeaders, resolveOtlpTarget } from './otlp-environment.js';
export { providerNameOf, providerNames } from './provider-names.js';
