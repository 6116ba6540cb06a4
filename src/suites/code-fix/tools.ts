import { ToolError } from '../../errors.js';
import type { ToolEnv, ToolImplementation } from '../../spec/index.js';
import { functionTool } from '../../tools/index.js';
import type { CodeFixState } from './state.js';

/** Wall-time limit of one test run: generous for these functions, short for an infinite loop. */
export const TEST_TIMEOUT_MS = 2_000;

/** run_tests: the candidate code against the case's visible tests, in the sandbox. */
export const codeFixTools: ToolImplementation<CodeFixState>[] = [
  functionTool({
    name: 'run_tests',
    description:
      'Runs the visible unit tests against your JavaScript code (a complete function definition) in a sandbox. Returns pass/fail per test.',
    parameters: {
      type: 'object',
      properties: {
        code: { type: 'string', minLength: 1, description: 'The complete JavaScript function.' },
      },
      required: ['code'],
      additionalProperties: false,
    },
    async run(args: { code: string }, env: ToolEnv<CodeFixState>) {
      const result = await env.state.sandbox.run({
        code: args.code,
        tests: env.state.visibleTests,
        timeoutMs: TEST_TIMEOUT_MS,
        signal: env.signal,
      });
      if (result.error !== null && result.passed === 0 && result.failed === 0) {
        throw new ToolError(`the code did not run: ${result.error}`);
      }
      return {
        all_passed: result.ok,
        passed: result.passed,
        failed: result.failed,
        failures: result.failures,
        ...(result.timedOut ? { timed_out: true } : {}),
        ...(result.output === '' ? {} : { output: result.output }),
      };
    },
  }),
];
