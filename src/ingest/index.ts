/**
 * Measuring agents agentperf does not run itself: an OTLP/HTTP receiver,
 * the GenAI semantic-convention mapping from spans to steps, black-box
 * HTTP agent tasks, and a recording proxy for model calls.
 */
export { startOtlpReceiver, type OtlpReceiverHandle, type OtlpReceiverOptions } from './otlp-receiver.js';
export type { WaitForTraceOptions } from './trace-index.js';
export type { AttributeValue, OtelEvent, OtelSpan, OtelStatusCode } from './otel-span.js';
export { decodeOtlpJson, decodeOtlpProtobuf } from './otlp-decode.js';
export { stepKindOf, stepsFromSpans, type SpanMappingOptions } from './genai-spans.js';
export { defineHttpAgentTask, type HttpAgentAnswer, type HttpAgentTaskOptions } from './http-agent-task.js';
export {
  startRecordingProxy,
  TASK_HEADER,
  type ProxyCall,
  type RecordingProxyHandle,
  type RecordingProxyOptions,
} from './recording-proxy.js';
export { newTraceContext, traceIdOf, type TraceContext } from './traceparent.js';
export { epochMsToNanos, epochNanosToHarnessMs } from './epoch-time.js';
