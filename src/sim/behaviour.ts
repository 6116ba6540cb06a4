import type { ReferenceTrajectory, ReferenceTurn } from '../spec/index.js';
import { fillerText } from './filler-text.js';
import type { Behaviour } from './profiles/schemas.js';
import { Random } from './random.js';
import { sampleFromSchema } from './schema-sample.js';
import { contentText, type WireMessage, type WireTool, type WireToolChoice } from './wire.js';

/** What the simulated model says next. */
export type Reply =
  | { kind: 'text'; text: string }
  | { kind: 'tools'; calls: Array<{ name: string; arguments: string }> };

export interface DecisionInput {
  messages: readonly WireMessage[];
  tools: readonly WireTool[] | undefined;
  toolChoice: WireToolChoice | undefined;
  reference: ReferenceTrajectory | undefined;
  behaviour: Behaviour;
  /** Seed of the draw: request seed × conversation digest, so equal conversations get equal replies. */
  seed: number;
}

export interface Decision {
  reply: Reply;
  reasoningTokens: number;
  /** Why, for debugging and tests: 'correct', 'wrong-arguments', 'skipped-step', 'wrong-answer', 'gave-up', 'free'. */
  outcome: string;
}

/** After this many failed attempts in a row at one step, the model gives up and answers. */
const MAX_CONSECUTIVE_ERRORS = 3;

/** Decides the next reply: plays the reference back with the model's error rates, or answers freely without one. */
export function decideReply(input: DecisionInput): Decision {
  const random = new Random(input.seed);
  const reasoning = input.behaviour.reasoningTokens;
  const reasoningTokens = reasoning
    ? Math.min(reasoning.max, Math.max(1, Math.round(random.lognormal(reasoning.median, reasoning.sigma))))
    : 0;
  const choice = input.toolChoice;
  const toolsAllowed = (input.tools?.length ?? 0) > 0 && choice !== 'none';
  if (input.reference && input.reference.turns.length > 0) {
    return { ...playReference(input, input.reference, random, toolsAllowed), reasoningTokens };
  }
  const last = input.messages[input.messages.length - 1];
  const mustCall = choice === 'required' || (typeof choice === 'object' && choice !== null);
  if (toolsAllowed && (mustCall || last?.role !== 'tool')) {
    const named = typeof choice === 'object' && choice !== null ? choice.function?.name : undefined;
    const tools = input.tools ?? [];
    const tool =
      tools.find((candidate) => candidate.function?.name === named) ?? tools[random.int(tools.length)]!;
    const args = sampleFromSchema(tool.function?.parameters ?? { type: 'object' }, random);
    return {
      reply: {
        kind: 'tools',
        calls: [{ name: tool.function?.name ?? 'tool', arguments: JSON.stringify(args) }],
      },
      reasoningTokens,
      outcome: 'free',
    };
  }
  const length = input.behaviour.outputTokens;
  const tokens = Math.min(length.max, Math.max(1, Math.round(random.lognormal(length.median, length.sigma))));
  return { reply: { kind: 'text', text: fillerText(tokens, random) }, reasoningTokens, outcome: 'free' };
}

function isToolTurn(turn: ReferenceTurn | undefined): turn is Extract<ReferenceTurn, { toolCalls: unknown }> {
  return turn !== undefined && 'toolCalls' in turn;
}

/** Where the conversation is in the reference: steps whose tool results all came back without error, and the current error streak. */
export function referenceProgress(
  messages: readonly WireMessage[],
  reference: ReferenceTrajectory,
): { position: number; errorStreak: number } {
  let position = 0;
  let errorStreak = 0;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]!;
    if (message.role !== 'assistant' || !message.tool_calls || message.tool_calls.length === 0) continue;
    const ids = new Set(message.tool_calls.map((call) => call.id));
    let failed = false;
    for (let next = index + 1; next < messages.length && messages[next]!.role === 'tool'; next++) {
      const result = messages[next]!;
      if (ids.has(result.tool_call_id) && isErrorResult(contentText(result.content))) failed = true;
    }
    if (failed) {
      errorStreak++;
      continue;
    }
    errorStreak = 0;
    const names = message.tool_calls
      .map((call) => call.function?.name ?? '')
      .sort()
      .join(',');
    let matched = -1;
    for (let turn = position; turn < reference.turns.length; turn++) {
      const candidate = reference.turns[turn];
      if (
        isToolTurn(candidate) &&
        candidate.toolCalls
          .map((call) => call.name)
          .sort()
          .join(',') === names
      ) {
        matched = turn;
        break;
      }
    }
    position = matched >= 0 ? matched + 1 : position + 1;
  }
  return { position, errorStreak };
}

/** A tool result counts as an error when its content is JSON with an "error" field. */
function isErrorResult(text: string): boolean {
  if (!text.includes('"error"')) return false;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && 'error' in value;
  } catch {
    return false;
  }
}

function playReference(
  input: DecisionInput,
  reference: ReferenceTrajectory,
  random: Random,
  toolsAllowed: boolean,
): Omit<Decision, 'reasoningTokens'> {
  const behaviour = input.behaviour;
  const { position, errorStreak } = referenceProgress(input.messages, reference);
  const finalAnswer = [...reference.turns].reverse().find((turn) => !isToolTurn(turn));
  const answer = finalAnswer && 'answer' in finalAnswer ? finalAnswer.answer : '';
  const turn = reference.turns[Math.min(position, reference.turns.length - 1)];
  const drawSkip = random.next();
  const drawArgs = random.next();
  const drawAnswer = random.next();
  if (!isToolTurn(turn) || !toolsAllowed || position >= reference.turns.length) {
    if (drawAnswer < behaviour.wrongAnswerRate)
      return { reply: { kind: 'text', text: perturbAnswer(answer) }, outcome: 'wrong-answer' };
    return { reply: { kind: 'text', text: answer }, outcome: 'correct' };
  }
  if (errorStreak >= MAX_CONSECUTIVE_ERRORS)
    return { reply: { kind: 'text', text: perturbAnswer(answer) }, outcome: 'gave-up' };
  let calls = turn.toolCalls;
  let outcome = 'correct';
  if (errorStreak > 0) {
    if (drawArgs >= behaviour.recoveryRate) outcome = 'wrong-arguments';
  } else if (drawSkip < behaviour.skippedStepRate) {
    const next = reference.turns[position + 1];
    if (!isToolTurn(next))
      return { reply: { kind: 'text', text: perturbAnswer(answer) }, outcome: 'skipped-step' };
    calls = next.toolCalls;
    outcome = 'skipped-step';
  } else if (drawArgs < behaviour.wrongArgumentsRate) {
    outcome = 'wrong-arguments';
  }
  const victim = outcome === 'wrong-arguments' ? random.int(calls.length) : -1;
  return {
    reply: {
      kind: 'tools',
      calls: calls.map((call, index) => ({
        name: call.name,
        arguments: JSON.stringify(
          index === victim ? perturbArguments(call.arguments, random) : call.arguments,
        ),
      })),
    },
    outcome,
  };
}

/** Changes one argument so a real tool errors or does the wrong thing. */
export function perturbArguments(args: Record<string, unknown>, random: Random): Record<string, unknown> {
  const keys = Object.keys(args).filter((key) => ['string', 'number', 'boolean'].includes(typeof args[key]));
  if (keys.length === 0) return { ...args, unexpected_argument: true };
  const key = keys[random.int(keys.length)]!;
  const value = args[key];
  let changed: unknown;
  if (typeof value === 'number') changed = value + 1 + random.int(9);
  else if (typeof value === 'boolean') changed = !value;
  else {
    const text = String(value);
    const at = random.int(text.length + 1);
    changed = `${text.slice(0, at)}#${text.slice(at)}`;
  }
  return { ...args, [key]: changed };
}

/** A wrong final answer: its last number changed, or a non-answer when it has none. */
export function perturbAnswer(answer: string): string {
  const match = /(\d+)(?!.*\d)/s.exec(answer);
  if (match) {
    const number = Number(match[1]);
    return answer.slice(0, match.index) + String(number + 1) + answer.slice(match.index + match[1]!.length);
  }
  return 'I could not determine the answer.';
}
