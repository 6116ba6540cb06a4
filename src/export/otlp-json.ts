import { epochMsToNanos } from '../ingest/index.js';
import type { SpanRecord, StepKind, TaskRecord } from '../spec/index.js';
import { spanIdFor, traceIdFor } from './otlp-ids.js';

/** An OTLP JSON attribute. */
export interface OtlpKeyValue {
  key: string;
  value: { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
}

/** An OTLP JSON span. */
export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpKeyValue[];
  status: { code: number; message?: string };
}

/** The GenAI operation name of each step kind; kinds without one carry only agentperf.kind. */
const OPERATIONS: Partial<Record<StepKind, string>> = {
  chat: 'chat',
  embed: 'embeddings',
  rerank: 'rerank',
  tool: 'execute_tool',
  retrieval: 'retrieval',
};

const INTERNAL = 1;
const CLIENT = 3;

/** The root span of one task execution: its trace starts at the scheduled start, so queueing shows. */
export function taskSpan(task: TaskRecord, runEpochWallMs: number): OtlpJsonSpan {
  const attributes: OtlpKeyValue[] = [
    str('gen_ai.operation.name', 'invoke_agent'),
    str('gen_ai.agent.name', task.task),
    str('agentperf.kind', 'task'),
    str('agentperf.run_id', task.runId),
    str('agentperf.level', task.level),
    str('agentperf.task', task.task),
    str('agentperf.case_id', task.caseId),
    str('agentperf.task_exec_id', task.taskExecId),
    str('agentperf.fabric', task.fabric),
    bool('agentperf.warmup', task.warmup),
    bool('agentperf.passed', task.passed),
    double('agentperf.score', task.score),
    double('agentperf.e2e_ms', task.e2eMs),
    int('agentperf.steps', task.steps),
    int('gen_ai.usage.input_tokens', task.inputTokens),
    int('gen_ai.usage.output_tokens', task.outputTokens),
    int('gen_ai.usage.cache_read.input_tokens', task.cachedInputTokens),
  ];
  if (task.costUsd !== null) attributes.push(double('agentperf.cost_usd', task.costUsd));
  if (task.gradeReason !== null) attributes.push(str('agentperf.grade_reason', task.gradeReason));
  return {
    traceId: traceIdFor(task.runId, task.taskExecId),
    spanId: spanIdFor(task.runId, `task:${task.taskExecId}`),
    name: `invoke_agent ${task.task}`,
    kind: INTERNAL,
    startTimeUnixNano: nanos(runEpochWallMs + task.scheduledAtMs),
    endTimeUnixNano: nanos(runEpochWallMs + task.endMs),
    attributes,
    status: task.error === null ? { code: 0 } : { code: 2, message: task.error },
  };
}

/** One step as an OTLP span with GenAI attributes, parented to its ctx.span or the task. */
export function stepSpan(span: SpanRecord, task: TaskRecord, runEpochWallMs: number): OtlpJsonSpan {
  const operation = OPERATIONS[span.kind];
  const isModel = span.kind === 'chat' || span.kind === 'embed' || span.kind === 'rerank';
  const attributes: OtlpKeyValue[] = [str('agentperf.kind', span.kind)];
  if (operation !== undefined) attributes.push(str('gen_ai.operation.name', operation));
  if (isModel) {
    attributes.push(str('gen_ai.request.model', span.name));
    attributes.push(int('gen_ai.usage.input_tokens', span.inputTokens));
    attributes.push(int('gen_ai.usage.output_tokens', span.outputTokens));
    if (span.cachedInputTokens > 0)
      attributes.push(int('gen_ai.usage.cache_read.input_tokens', span.cachedInputTokens));
    if (span.reasoningTokens > 0)
      attributes.push(int('gen_ai.usage.reasoning.output_tokens', span.reasoningTokens));
  }
  if (span.kind === 'tool') attributes.push(str('gen_ai.tool.name', span.name));
  const provider = span.endpoint ?? span.placement;
  if (isModel && provider !== null) attributes.push(str('gen_ai.provider.name', provider));
  if (span.endpoint !== null) attributes.push(str('agentperf.endpoint', span.endpoint));
  if (span.placement !== null) attributes.push(str('agentperf.placement', span.placement));
  if (span.role !== null) attributes.push(str('agentperf.role', span.role));
  if (span.costUsd !== null) attributes.push(double('agentperf.cost_usd', span.costUsd));
  if (span.ttftMs !== null) {
    attributes.push(double('agentperf.ttft_ms', span.ttftMs));
    attributes.push(double('gen_ai.server.time_to_first_token', span.ttftMs / 1000));
  }
  if (span.finishReason !== null) attributes.push(str('gen_ai.response.finish_reasons', span.finishReason));
  if (span.retries > 0) {
    attributes.push(int('agentperf.retries', span.retries));
    attributes.push(double('agentperf.retry_wait_ms', span.retryWaitMs));
  }
  if (span.queueWaitMs > 0) attributes.push(double('agentperf.queue_wait_ms', span.queueWaitMs));
  if (span.simulated) attributes.push(bool('agentperf.simulated', true));
  const parent = span.parentId === null ? `task:${task.taskExecId}` : span.parentId;
  return {
    traceId: traceIdFor(task.runId, task.taskExecId),
    spanId: spanIdFor(task.runId, span.spanId),
    parentSpanId: spanIdFor(task.runId, parent),
    name: operation === undefined ? span.name : `${operation} ${span.name}`,
    kind: isModel ? CLIENT : INTERNAL,
    startTimeUnixNano: nanos(runEpochWallMs + span.startMs),
    endTimeUnixNano: nanos(runEpochWallMs + span.endMs),
    attributes,
    status: span.status !== 'ok' ? { code: 2, message: span.error ?? 'error' } : { code: 0 },
  };
}

function nanos(epochMs: number): string {
  return epochMsToNanos(epochMs).toString();
}

function str(key: string, value: string): OtlpKeyValue {
  return { key, value: { stringValue: value } };
}

function int(key: string, value: number): OtlpKeyValue {
  return { key, value: { intValue: String(Math.round(value)) } };
}

function double(key: string, value: number): OtlpKeyValue {
  return { key, value: { doubleValue: value } };
}

function bool(key: string, value: boolean): OtlpKeyValue {
  return { key, value: { boolValue: value } };
}
