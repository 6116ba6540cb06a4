/**
 * A TaskContext whose "model" replays a reference trajectory exactly: the
 * agent's real code runs against the task's real tools, with no simulator
 * and no HTTP. Tests plant wrong trajectories by passing their own.
 */
import type {
  ChatRequest,
  ChatResult,
  EmbedResult,
  Grade,
  PrepareContext,
  ReferenceTrajectory,
  RerankResult,
  TaskContext,
  TaskDefinition,
  ToolDefinition,
  ToolResult,
} from '../../src/spec/index.js';
import { systemClock } from '../../src/clock.js';

/** A deterministic, deliberately non-semantic embedding (like the simulator's): a hash spread over 32 dims. */
export function hashEmbedding(text: string): Float32Array {
  const vector = new Float32Array(32);
  let hash = 2166136261;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 16777619) >>> 0;
    vector[index % 32] = ((vector[index % 32] ?? 0) + (hash % 1000) / 1000) % 1;
  }
  return vector;
}

function embedResult(texts: string[]): EmbedResult {
  return {
    vectors: texts.map(hashEmbedding),
    usage: { inputTokens: 0 },
    usageReported: false,
    model: 'hash',
  };
}

export function prepareContext(seed: number): PrepareContext {
  return {
    seed,
    signal: new AbortController().signal,
    embed: async (_role, texts) => embedResult(texts),
    progress: () => {},
  };
}

function replay(request: ChatRequest): ChatResult {
  const turnIndex = request.messages.filter((message) => message.role === 'assistant').length;
  const turn = request.reference?.turns[turnIndex];
  const base = {
    finishReason: 'stop',
    usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 },
    usageReported: false,
    timing: { sentAtMs: 0, firstTokenAtMs: null, lastTokenAtMs: null, interTokenGapsMs: [] },
    model: 'scripted',
  };
  if (turn === undefined) return { ...base, content: '', toolCalls: [] };
  if ('answer' in turn) return { ...base, content: turn.answer, toolCalls: [] };
  return {
    ...base,
    content: '',
    toolCalls: turn.toolCalls.map((call, index) => ({
      id: `call-${turnIndex}-${index}`,
      name: call.name,
      arguments: JSON.stringify(call.arguments),
    })),
  };
}

export interface ScriptedRun<State> {
  answer: unknown;
  state: State;
  grade: Grade;
  toolResults: Array<{ name: string; result: ToolResult }>;
  roles: string[];
}

/** Runs one case of a task with a replaying model; `references` defaults to the task's own. */
export async function runScripted<Case, State, Shared>(
  task: TaskDefinition<Case, State, unknown, Shared>,
  theCase: Case,
  shared: Shared,
  references?: Record<string, ReferenceTrajectory>,
): Promise<ScriptedRun<State>> {
  const caseId = task.caseId?.(theCase, 0) ?? '0';
  const state = (await task.setup?.(theCase, shared, { seed: 1, taskExecId: caseId })) as State;
  const trajectories = references ?? task.reference?.(theCase) ?? {};
  const tools = new Map((task.tools ?? []).map((tool) => [tool.name, tool]));
  const toolResults: ScriptedRun<State>['toolResults'] = [];
  const roles: string[] = [];
  const signal = new AbortController().signal;
  const ctx: TaskContext<Case, State> = {
    // The bundled agents make every call through chat/embed/rerank/tool; these two are unused here.
    fetch: globalThis.fetch,
    recordStep: () => undefined,
    external: (work) => work(),
    case: theCase,
    caseId,
    taskExecId: caseId,
    seed: 1,
    state,
    signal,
    clock: systemClock,
    async chat(role, request) {
      roles.push(role);
      return replay(request);
    },
    async embed(role, texts) {
      roles.push(role);
      return embedResult(texts);
    },
    async rerank(role, _query, documents): Promise<RerankResult> {
      roles.push(role);
      // Reversed order: a reranker that is not semantic must not decide what the model sees.
      const results = documents.map((_document, index) => ({
        index: documents.length - 1 - index,
        score: 1 / (index + 1),
      }));
      return { results, usage: { inputTokens: 0, searchUnits: 1 }, model: 'reversed' };
    },
    async tool(name, args) {
      const tool = tools.get(name);
      let result: ToolResult;
      if (tool === undefined) {
        result = { ok: false, value: undefined, error: `unknown tool ${name}`, text: '' };
      } else {
        try {
          const value = await tool.call(args, { state, signal, caseId, taskExecId: caseId });
          result = { ok: true, value, text: JSON.stringify(value) };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          result = { ok: false, value: undefined, error: message, text: JSON.stringify({ error: message }) };
        }
      }
      toolResults.push({ name, result });
      return result;
    },
    span(_name, fn) {
      return fn(ctx);
    },
    toolDefinitions(names?: string[]): ToolDefinition[] {
      return [...tools.values()]
        .filter((tool) => names === undefined || names.includes(tool.name))
        .map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.parameters }));
    },
    reference(conversation = 'main') {
      return trajectories[conversation];
    },
  };
  const answer = await task.agent(ctx);
  const grade = await task.grade({ case: theCase, answer, state });
  return { answer, state, grade, toolResults, roles };
}

/** A copy of a trajectory set with one conversation's turn replaced. */
export function withTurn(
  references: Record<string, ReferenceTrajectory>,
  conversation: string,
  turnIndex: number,
  turn: ReferenceTrajectory['turns'][number] | null,
): Record<string, ReferenceTrajectory> {
  const copy = structuredClone(references);
  const turns = copy[conversation]?.turns;
  if (turns === undefined) throw new Error(`no conversation ${conversation}`);
  if (turn === null) turns.splice(turnIndex, 1);
  else turns[turnIndex] = turn;
  return copy;
}

/** The final answer turn replaced. */
export function withAnswer(
  references: Record<string, ReferenceTrajectory>,
  conversation: string,
  answer: string,
): Record<string, ReferenceTrajectory> {
  const turns = references[conversation]?.turns ?? [];
  return withTurn(references, conversation, turns.length - 1, { answer });
}
