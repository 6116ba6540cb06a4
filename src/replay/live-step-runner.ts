import { type RoleRoute, summarizeGaps } from '../context/index.js';
import { redact } from '../redact.js';
import type { Clock } from '../spec/index.js';
import type { ModelStepRunner } from '../whatif/index.js';
import type { SyntheticPrompts } from './synthetic-prompts.js';

/**
 * Re-issues recorded model calls for real, through the fabric's own
 * endpoint adapters: chat with a prompt of the recorded length and exactly
 * the recorded output length (`ignore_eos`), embeddings and reranking with
 * inputs of the recorded size. Times are the adapters' clock readings at
 * the events, as in `agentperf run`.
 */
export function liveStepRunner(init: {
  routeOf: (role: string | null, model: string) => RoleRoute;
  prompts: SyntheticPrompts;
  clock: Clock;
  signal: AbortSignal;
}): ModelStepRunner {
  const { clock, prompts, signal } = init;
  return (graph, step, _turn, done) => {
    const span = step.span;
    const route = init.routeOf(span.role, span.name);
    const options = { clock, signal };
    const started = clock.now();
    const base = { model: route.model, placement: route.placement, simulated: route.simulated };
    const failed = (error: unknown): void =>
      done({
        ...base,
        durationMs: clock.now() - started,
        ttftMs: null,
        itlMs: null,
        cachedInputTokens: 0,
        costUsd: null,
        status: 'error',
        error: redact(error instanceof Error ? error.message : String(error)),
      });
    const adapter = route.adapter;
    if (step.model === 'chat' && adapter.chat) {
      const messages = prompts.messages(graph, step);
      adapter
        .chat(
          route.model,
          {
            messages,
            maxTokens: Math.max(1, span.outputTokens),
            ignoreEos: true,
            stream: span.ttftMs !== null,
          },
          options,
        )
        .then((result) => {
          prompts.answered(graph, step, messages, result.content);
          const timing = result.timing;
          done({
            ...base,
            durationMs: clock.now() - started,
            ttftMs: timing.firstTokenAtMs === null ? null : timing.firstTokenAtMs - timing.sentAtMs,
            itlMs: summarizeGaps(timing.interTokenGapsMs),
            inputTokens: result.usage.inputTokens,
            outputTokens: result.usage.outputTokens,
            cachedInputTokens: result.usage.cachedInputTokens,
            costUsd: route.cost(result.usage, 1),
            status: 'ok',
            error: null,
          });
        }, failed);
      return;
    }
    // Embeddings and reranking answer once, with input usage only.
    const inputDone = (result: { usage: { inputTokens: number } }) =>
      done({
        ...base,
        durationMs: clock.now() - started,
        ttftMs: null,
        itlMs: null,
        inputTokens: result.usage.inputTokens,
        cachedInputTokens: 0,
        costUsd: route.cost(result.usage, 1),
        status: 'ok',
        error: null,
      });
    if (step.model === 'embed' && adapter.embed) {
      adapter.embed(route.model, [filler(span.inputTokens)], options).then(inputDone, failed);
      return;
    }
    if (step.model === 'rerank' && adapter.rerank) {
      const documents = Array.from({ length: 8 }, () =>
        filler(Math.max(1, Math.floor(span.inputTokens / 8))),
      );
      adapter.rerank(route.model, filler(16), documents, options).then(inputDone, failed);
      return;
    }
    failed(new Error(`endpoint ${route.endpointName} cannot serve a ${step.model} step`));
  };
}

function filler(tokens: number): string {
  return ' data'.repeat(Math.max(1, tokens));
}
