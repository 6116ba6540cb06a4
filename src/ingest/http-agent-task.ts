import type { ExternalStep, Grade, TaskContext, TaskDefinition } from '../spec/index.js';
import { stepsFromSpans } from './genai-spans.js';
import type { OtlpReceiverHandle } from './otlp-receiver.js';
import type { RecordingProxyHandle } from './recording-proxy.js';
import { newTraceContext } from './traceparent.js';

/** Something that is there when the first case runs: the handle itself, or a getter. */
type Lazy<T> = T | (() => T);

/** A black-box agent reached over HTTP. */
export interface HttpAgentTaskOptions<Case> {
  /** Task name (letters, digits, ".", "_", "-"). */
  name: string;
  description?: string;
  /** The agent's URL; each case is POSTed to it as JSON. */
  url: string;
  cases: Case[] | ((seed: number) => Case[]);
  caseId?(theCase: Case, index: number): string;
  /** The JSON body sent for a case. */
  request(theCase: Case): unknown;
  /** The answer in the agent's response body (default: `answer`, `output` or `content` field, else the body as text). */
  answer?(responseBody: unknown): string;
  /** Judges the answer; `steps` are the agent's steps as agentperf recorded them. */
  grade(input: { case: Case; answer: string; steps: ExternalStep[] }): Grade | Promise<Grade>;
  /** Where the agent's OpenTelemetry spans arrive (startOtlpReceiver). */
  receiver?: Lazy<OtlpReceiverHandle>;
  /** A recording proxy the agent's model calls go through (startRecordingProxy). */
  proxy?: Lazy<RecordingProxyHandle>;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** See WaitForTraceOptions.quietMs (default 100). */
  quietMs?: number;
  /** How long to wait for the trace after the answer (default 10,000 ms). */
  timeoutMs?: number;
  /** Per-execution timeout of the HTTP request, ms (default from the suite). */
  taskTimeoutMs?: number;
}

/** What the agent hands the grader: the answer plus what is needed to collect the trace after the clock stopped. */
export interface HttpAgentAnswer {
  answer: string;
  ctx: TaskContext<unknown, undefined>;
  traceId: string;
  remoteParentSpanId: string;
  sentAt: number;
  answeredAt: number;
}

/**
 * A task whose agent is a black box behind a URL. Each execution POSTs the
 * case with a fresh W3C `traceparent` and takes the response as the
 * answer: the task's latency is that request's. The agent's own steps come
 * from its OpenTelemetry GenAI spans (joined by trace id at the receiver)
 * and/or from the recording proxy its model calls went through; they are
 * collected after the answer, while grading, so waiting for a span exporter
 * never counts as the agent's latency.
 */
export function defineHttpAgentTask<Case>(
  options: HttpAgentTaskOptions<Case>,
): TaskDefinition<Case, undefined, HttpAgentAnswer> {
  const extractAnswer = options.answer ?? defaultAnswer;
  const task: TaskDefinition<Case, undefined, HttpAgentAnswer> = {
    name: options.name,
    roles: [],
    cases: options.cases,
    async agent(ctx) {
      const trace = newTraceContext();
      const sentAt = ctx.clock.now();
      // The agent's inside is recorded later from its spans: not orchestration time.
      const { response, text } = await ctx.external(async () => {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers, traceparent: trace.traceparent },
          body: JSON.stringify(options.request(ctx.case)),
          signal: ctx.signal,
        });
        return { response, text: await response.text() };
      });
      const answeredAt = ctx.clock.now();
      if (!response.ok)
        throw new Error(`agent at ${options.url} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
      return {
        answer: extractAnswer(parseBody(text)),
        ctx: ctx as TaskContext<unknown, undefined>,
        traceId: trace.traceId,
        remoteParentSpanId: trace.spanId,
        sentAt,
        answeredAt,
      };
    },
    async grade({ case: theCase, answer }) {
      const steps = await collectSteps(options, answer);
      for (const step of steps) answer.ctx.recordStep(step);
      return options.grade({ case: theCase, answer: answer.answer, steps });
    },
  };
  if (options.description !== undefined) task.description = options.description;
  if (options.caseId !== undefined) task.caseId = options.caseId;
  if (options.taskTimeoutMs !== undefined) task.timeoutMs = options.taskTimeoutMs;
  return task;
}

async function collectSteps<Case>(
  options: HttpAgentTaskOptions<Case>,
  answered: HttpAgentAnswer,
): Promise<ExternalStep[]> {
  const steps: ExternalStep[] = [];
  const receiver = resolve(options.receiver);
  if (receiver !== undefined) {
    const spans = await receiver.waitForTrace(answered.traceId, {
      remoteParentSpanId: answered.remoteParentSpanId,
      quietMs: options.quietMs ?? 100,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
    steps.push(
      ...stepsFromSpans(spans, { window: { startAt: answered.sentAt, endAt: answered.answeredAt } }),
    );
  }
  const proxy = resolve(options.proxy);
  if (proxy !== undefined) steps.push(...proxy.takeCalls(answered.traceId));
  return steps.sort((a, b) => a.startAt - b.startAt);
}

function resolve<T>(value: Lazy<T> | undefined): T | undefined {
  return typeof value === 'function' ? (value as () => T)() : value;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function defaultAnswer(body: unknown): string {
  if (typeof body === 'string') return body;
  if (typeof body === 'object' && body !== null) {
    for (const field of ['answer', 'output', 'content']) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === 'string') return value;
    }
  }
  return JSON.stringify(body);
}
