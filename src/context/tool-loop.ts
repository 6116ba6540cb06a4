import type { ChatMessage, TaskContext, ToolCall, ToolResult } from '../spec/index.js';
import { toolFailed } from './tool-text.js';

export interface ToolLoopOptions {
  /** Role of the model that drives the loop. */
  role: string;
  /** The conversation so far (system and user messages). */
  messages: ChatMessage[];
  /** Names of the task's tools to offer; all of them when absent. */
  tools?: string[];
  /** Most model turns before giving up (default 8). */
  maxSteps?: number;
  /** Reference conversation name for the simulator (default "main"). */
  conversation?: string;
  maxTokens?: number;
}

export interface ToolLoopResult {
  /** The final answer's text (the last model text when the budget ran out). */
  answer: string;
  /** The whole conversation, tool results included. */
  messages: ChatMessage[];
  modelTurns: number;
  toolCalls: number;
  stoppedBy: 'answer' | 'budget';
}

/**
 * The standard agent loop: model → its tool calls, run in parallel → model …
 * until the model answers without calling a tool or the turn budget is spent.
 * Tool errors (bad arguments, unknown tools, invalid JSON) go back to the
 * model as data, as a production agent would do.
 */
export async function runToolLoop(ctx: TaskContext, options: ToolLoopOptions): Promise<ToolLoopResult> {
  const maxSteps = options.maxSteps ?? 8;
  const tools = ctx.toolDefinitions(options.tools);
  const reference = ctx.reference(options.conversation ?? 'main');
  const messages = options.messages.slice();
  let toolCalls = 0;
  let lastText = '';
  for (let turn = 1; turn <= maxSteps; turn++) {
    const result = await ctx.chat(options.role, {
      messages,
      ...(tools.length > 0 ? { tools } : {}),
      ...(reference === undefined ? {} : { reference }),
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      seed: ctx.seed,
    });
    lastText = result.content;
    if (result.toolCalls.length === 0) {
      messages.push({ role: 'assistant', content: result.content });
      return { answer: result.content, messages, modelTurns: turn, toolCalls, stoppedBy: 'answer' };
    }
    messages.push({
      role: 'assistant',
      content: result.content === '' ? null : result.content,
      toolCalls: result.toolCalls,
    });
    toolCalls += result.toolCalls.length;
    const outcomes = await Promise.all(result.toolCalls.map((call) => callTool(ctx, call)));
    for (let index = 0; index < outcomes.length; index++) {
      const call = result.toolCalls[index]!;
      const outcome = outcomes[index]!;
      messages.push({
        role: 'tool',
        toolCallId: call.id,
        name: call.name,
        content: outcome.text,
        isError: !outcome.ok,
      });
    }
  }
  return { answer: lastText, messages, modelTurns: maxSteps, toolCalls, stoppedBy: 'budget' };
}

async function callTool(ctx: TaskContext, call: ToolCall): Promise<ToolResult> {
  let args: unknown;
  try {
    args = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch {
    return toolFailed(`arguments for "${call.name}" are not valid JSON: ${call.arguments.slice(0, 200)}`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return toolFailed(`arguments for "${call.name}" must be a JSON object`);
  }
  return ctx.tool(call.name, args as Record<string, unknown>);
}
