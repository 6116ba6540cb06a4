import { runToolLoop } from '../../context/index.js';
import type { TaskContext } from '../../spec/index.js';
import type { ResearchCase } from './cases.js';
import { parsePlan } from './plan.js';
import { MERGE_CONVERSATION, PLAN_CONVERSATION, workerConversation } from './reference.js';
import type { ResearchState } from './state.js';

const PLAN_SYSTEM = `Split the user's request into 2 to 4 independent sub-questions, one fact each. Reply with JSON only:
{"subquestions": ["...", "..."]}`;
const WORKER_SYSTEM = `Answer the question: search, read the most relevant page with fetch_page, then reply with one sentence that states the fact found.`;
const MERGE_SYSTEM = `Write the briefing the user asked for from the researchers' findings. Keep every fact exactly as found.`;

/**
 * Fan-out research: the planner (large model) plans, workers (small model)
 * search and summarise in parallel, the planner merges. The parallel
 * workers are why this task's critical path is shorter than its summed steps.
 */
export async function researchAgent(ctx: TaskContext<ResearchCase, ResearchState>): Promise<string> {
  const question = ctx.case.question;
  const planned = await runToolLoop(ctx as TaskContext, {
    role: 'planner',
    tools: [],
    maxSteps: 1,
    conversation: PLAN_CONVERSATION,
    messages: [
      { role: 'system', content: PLAN_SYSTEM },
      { role: 'user', content: question },
    ],
  });
  // An unusable plan degrades to one worker on the whole question, as a production agent would.
  const subquestions = parsePlan(planned.answer, 4) ?? [question];
  ctx.state.plan = subquestions;
  const findings = await Promise.all(
    subquestions.map((subquestion, index) =>
      runToolLoop(ctx as TaskContext, {
        role: 'worker',
        tools: ['search', 'fetch_page'],
        maxSteps: 4,
        conversation: workerConversation(index),
        messages: [
          { role: 'system', content: WORKER_SYSTEM },
          { role: 'user', content: subquestion },
        ],
      }),
    ),
  );
  ctx.state.summaries = findings.map((finding) => finding.answer);
  const notes = subquestions
    .map((subquestion, index) => `- ${subquestion} → ${findings[index]?.answer ?? ''}`)
    .join('\n');
  const merged = await runToolLoop(ctx as TaskContext, {
    role: 'planner',
    tools: [],
    maxSteps: 1,
    conversation: MERGE_CONVERSATION,
    messages: [
      { role: 'system', content: MERGE_SYSTEM },
      { role: 'user', content: `Request: ${question}\nFindings:\n${notes}` },
    ],
  });
  return merged.answer;
}
