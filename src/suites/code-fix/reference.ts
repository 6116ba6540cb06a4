import type { ReferenceTrajectory } from '../../spec/index.js';
import type { CodeFixCase } from './cases.js';

/** The reply a correct agent ends with: a short note and the fixed function in a ```js block. */
export function fixedAnswer(theCase: CodeFixCase, code: string): string {
  return `Fixed ${theCase.functionName}; all visible tests pass.\n\n\`\`\`js\n${code}\n\`\`\``;
}

/** Run the tests on the fixed code, then answer with it. */
export function codeFixReference(theCase: CodeFixCase): Record<string, ReferenceTrajectory> {
  return {
    main: {
      turns: [
        { toolCalls: [{ name: 'run_tests', arguments: { code: theCase.fixed } }] },
        { answer: fixedAnswer(theCase, theCase.fixed) },
      ],
    },
  };
}
