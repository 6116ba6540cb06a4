import { SeededRandom, deriveSeed } from '../shared/index.js';
import { TEMPLATES } from './templates.js';

/** A named test snippet for the sandbox. */
export interface TestSnippet {
  name: string;
  code: string;
}

/** One buggy function to fix: the agent sees the visible tests, the grader also runs the hidden ones. */
export interface CodeFixCase {
  id: string;
  template: string;
  functionName: string;
  /** What the function should do, as the issue states it. */
  task: string;
  buggy: string;
  /** A correct version (for the reference trajectory). */
  fixed: string;
  visibleTests: TestSnippet[];
  hiddenTests: TestSnippet[];
}

function literal(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

function snippets(
  name: string,
  solve: (...args: never[]) => unknown,
  inputs: unknown[][],
  prefix: string,
): TestSnippet[] {
  return inputs.map((args, index) => {
    const call = `${name}(${args.map(literal).join(', ')})`;
    const expected = (solve as (...values: unknown[]) => unknown)(...args);
    return { name: `${prefix} ${index + 1}: ${call}`, code: `assertEqual(${call}, ${literal(expected)});` };
  });
}

/** 56 cases for a seed: every template with each of its function names and freshly drawn constants. */
export function codeFixCases(seed: number): CodeFixCase[] {
  const random = new SeededRandom(deriveSeed(seed, 'code-fix'));
  const cases: CodeFixCase[] = [];
  for (const template of TEMPLATES) {
    for (const functionName of template.names) {
      const parameters = template.parameters(random);
      const solve = template.solve(parameters);
      cases.push({
        id: `code-fix-${String(cases.length).padStart(3, '0')}-${template.id}`,
        template: template.id,
        functionName,
        task: template.task(functionName, parameters),
        buggy: template.buggy(functionName, parameters),
        fixed: template.fixed(functionName, parameters),
        visibleTests: snippets(functionName, solve, template.visible(parameters), 'visible'),
        hiddenTests: snippets(functionName, solve, template.hidden(parameters), 'hidden'),
      });
    }
  }
  return random.shuffle(cases);
}
