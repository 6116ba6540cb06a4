import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A real OpenTelemetry SDK tracer provider exporting to a URL over OTLP/HTTP. */
export function otelProvider(tracesUrl: string, protocol: 'json' | 'protobuf'): BasicTracerProvider {
  const exporter =
    protocol === 'protobuf' ? new ProtobufExporter({ url: tracesUrl }) : new JsonExporter({ url: tracesUrl });
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'fixture-agent' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
}
