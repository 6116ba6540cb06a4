import type { ExternalStep } from '../spec/index.js';
import { epochNanosToHarnessMs } from './epoch-time.js';
import type { AttributeValue, OtelSpan } from './otel-span.js';

/** How spans are placed on the harness clock. */
export interface SpanMappingOptions {
  /** performance.timeOrigin of this process (default); tests inject their own. */
  timeOrigin?: number;
  /**
   * Harness clock readings of the request that caused the trace. Steps are
   * clamped into it: the agent ran inside the request, so time outside it
   * is clock skew between the two processes, not work.
   */
  window?: { startAt: number; endAt: number };
}

type StepKind = ExternalStep['kind'];

const OPERATION_KINDS: Record<string, StepKind> = {
  chat: 'chat',
  text_completion: 'chat',
  generate_content: 'chat',
  embeddings: 'embed',
  execute_tool: 'tool',
  retrieval: 'retrieval',
  rerank: 'rerank',
};

const RETRIEVAL_NAME = /retriev/i;
const FIRST_TOKEN_EVENT = /first[._ -]?(token|chunk)/i;

/**
 * The step kind of a span under the GenAI semantic conventions, or null
 * when the span is not a GenAI step (HTTP, database and framework spans
 * without gen_ai.* attributes). Spans named like retrieval count even
 * without gen_ai.* attributes: retrievers are often instrumented without them.
 */
export function stepKindOf(span: OtelSpan): StepKind | null {
  const operation = span.attributes['gen_ai.operation.name'];
  if (typeof operation === 'string' && operation in OPERATION_KINDS) return OPERATION_KINDS[operation]!;
  if (RETRIEVAL_NAME.test(span.name)) return 'retrieval';
  for (const key in span.attributes) if (key.startsWith('gen_ai.')) return 'custom';
  return null;
}

/**
 * The agent's steps in a trace, as ExternalSteps ordered by start. Only the
 * innermost GenAI spans become steps: a span with GenAI descendants (an
 * `invoke_agent` span, a framework's wrapper around the instrumented call)
 * is a container whose time is its children's, and recording both would
 * count tokens twice and hide the steps on the critical path.
 */
export function stepsFromSpans(spans: readonly OtelSpan[], options: SpanMappingOptions = {}): ExternalStep[] {
  const kinds = new Map<string, StepKind>();
  for (const span of spans) {
    const kind = stepKindOf(span);
    if (kind !== null) kinds.set(span.spanId, kind);
  }
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const containers = new Set<string>();
  for (const span of spans) {
    if (!kinds.has(span.spanId)) continue;
    // Walk up: every GenAI ancestor of a GenAI span is a container.
    const seen = new Set<string>();
    let parentId = span.parentSpanId;
    while (parentId !== null && !seen.has(parentId)) {
      seen.add(parentId);
      if (kinds.has(parentId)) containers.add(parentId);
      parentId = byId.get(parentId)?.parentSpanId ?? null;
    }
  }
  const steps: ExternalStep[] = [];
  for (const span of spans) {
    const kind = kinds.get(span.spanId);
    if (kind !== undefined && !containers.has(span.spanId)) steps.push(stepOf(span, kind, options));
  }
  return steps.sort((a, b) => a.startAt - b.startAt);
}

function stepOf(span: OtelSpan, kind: StepKind, options: SpanMappingOptions): ExternalStep {
  const attributes = span.attributes;
  const toHarness = (nanos: bigint) =>
    clamp(epochNanosToHarnessMs(nanos, options.timeOrigin), options.window);
  const startAt = toHarness(span.startTimeUnixNano);
  const endAt = Math.max(startAt, toHarness(span.endTimeUnixNano));
  const model = text(attributes['gen_ai.response.model']) ?? text(attributes['gen_ai.request.model']);
  const provider = text(attributes['gen_ai.provider.name']) ?? text(attributes['gen_ai.system']);
  const isModel = kind === 'chat' || kind === 'embed' || kind === 'rerank';
  const name = isModel
    ? (model ?? span.name)
    : kind === 'tool'
      ? (text(attributes['gen_ai.tool.name']) ?? span.name)
      : span.name;
  const step: ExternalStep = {
    kind,
    name,
    startAt,
    endAt,
    role: text(attributes['agentperf.role']),
    endpoint: isModel ? provider : kind === 'tool' ? name : provider,
    placement: provider ?? text(span.resource['service.name']),
    model: isModel ? model : null,
    inputTokens:
      count(attributes['gen_ai.usage.input_tokens']) ?? count(attributes['gen_ai.usage.prompt_tokens']),
    outputTokens:
      count(attributes['gen_ai.usage.output_tokens']) ?? count(attributes['gen_ai.usage.completion_tokens']),
    cachedInputTokens: count(attributes['gen_ai.usage.cache_read.input_tokens']),
    reasoningTokens: count(attributes['gen_ai.usage.reasoning.output_tokens']),
    finishReason: finishReasonOf(attributes['gen_ai.response.finish_reasons']),
    status: span.status.code === 2 ? 'error' : 'ok',
    error:
      span.status.code === 2
        ? span.status.message || text(attributes['error.type']) || `span "${span.name}" failed`
        : null,
  };
  const firstTokenAt = firstTokenOf(span, startAt, options);
  if (firstTokenAt !== null) step.firstTokenAt = clamp(Math.min(firstTokenAt, endAt), options.window);
  const cost = attributes['agentperf.cost_usd'];
  if (typeof cost === 'number') step.costUsd = cost;
  return step;
}

/**
 * First token: the `gen_ai.server.time_to_first_token` attribute (seconds,
 * as the semantic conventions' metric), the AI SDK's
 * `ai.response.msToFirstChunk` (ms), or a first-token/first-chunk event.
 */
function firstTokenOf(span: OtelSpan, startAt: number, options: SpanMappingOptions): number | null {
  const seconds = span.attributes['gen_ai.server.time_to_first_token'];
  if (typeof seconds === 'number' && seconds >= 0) return startAt + seconds * 1000;
  const ms = span.attributes['ai.response.msToFirstChunk'];
  if (typeof ms === 'number' && ms >= 0) return startAt + ms;
  const event = span.events.find((candidate) => FIRST_TOKEN_EVENT.test(candidate.name));
  return event === undefined ? null : epochNanosToHarnessMs(event.timeUnixNano, options.timeOrigin);
}

function clamp(at: number, window: SpanMappingOptions['window']): number {
  if (window === undefined) return at;
  return Math.min(Math.max(at, window.startAt), window.endAt);
}

function text(value: AttributeValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function count(value: AttributeValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function finishReasonOf(value: AttributeValue | undefined): string | null {
  if (Array.isArray(value)) return text(value[0]);
  return text(value);
}
