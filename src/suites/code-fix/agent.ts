import { runToolLoop } from '../../context/index.js';
import type { TaskContext } from '../../spec/index.js';
import type { CodeFixCase } from './cases.js';
import type { CodeFixState } from './state.js';

const SYSTEM = `You fix bugs in small JavaScript functions. Call run_tests with your complete corrected function
until every test passes. Then reply with the final function in one \`\`\`js code block.`;

/** The code-fix agent: the small model iterates on run_tests until green or out of turns. */
export async function codeFixAgent(ctx: TaskContext<CodeFixCase, CodeFixState>): Promise<string> {
  const theCase = ctx.case;
  const tests = theCase.visibleTests.map((test) => test.code).join('\n');
  const result = await runToolLoop(ctx as TaskContext, {
    role: 'worker',
    messages: [
      { role: 'system', content: SYSTEM },
      {
        role: 'user',
        content: `${theCase.task}\nThis implementation is buggy:\n\`\`\`js\n${theCase.buggy}\n\`\`\`\nVisible tests:\n${tests}`,
      },
    ],
    maxSteps: 6,
  });
  return result.answer;
}
