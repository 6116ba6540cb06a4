import type { Grade } from '../../spec/index.js';
import { codeBlockIn } from '../shared/index.js';
import type { CodeFixCase } from './cases.js';
import type { CodeFixState } from './state.js';
import { TEST_TIMEOUT_MS } from './tools.js';

/** Runs the visible and hidden tests on the code block of the reply. */
export async function gradeCodeFix(input: {
  case: CodeFixCase;
  answer: string;
  state: CodeFixState;
}): Promise<Grade> {
  const code = codeBlockIn(typeof input.answer === 'string' ? input.answer : '');
  if (code === null) return { passed: false, score: 0, reason: 'the reply has no code block' };
  const tests = [...input.case.visibleTests, ...input.case.hiddenTests];
  const result = await input.state.sandbox.run({ code, tests, timeoutMs: TEST_TIMEOUT_MS });
  if (result.ok) return { passed: true, score: 1 };
  const first = result.failures[0];
  const why = result.error ?? (first === undefined ? 'tests failed' : `${first.name}: ${first.message}`);
  return {
    passed: false,
    score: result.passed / tests.length,
    reason: `${result.failed} of ${tests.length} tests failed (${why})`,
  };
}
