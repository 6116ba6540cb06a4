import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CodeFixShared,
  codeFixCases,
  codeFixReference,
  codeFixTask,
  codeFixTools,
  fixedAnswer,
} from '../../src/suites/code-fix/index.js';
import { prepareContext, runScripted, withAnswer } from './scripted-context.js';

const SEED = 3;
const cases = codeFixCases(SEED);
let shared: CodeFixShared;

beforeAll(async () => {
  shared = (await codeFixTask.prepare?.(prepareContext(SEED))) as CodeFixShared;
});
afterAll(() => shared.close());

describe('code-fix cases', () => {
  it('yields at least 50 deterministic cases from 14 templates', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(codeFixCases(SEED)).toEqual(cases);
    expect(new Set(cases.map((theCase) => theCase.template)).size).toBe(14);
    expect(new Set(cases.map((theCase) => theCase.id)).size).toBe(cases.length);
  });

  it('every buggy function fails a visible test and every fixed one passes all tests', async () => {
    const outcomes = await Promise.all(
      cases.map(async (theCase) => {
        const buggy = await shared.sandbox.run({ code: theCase.buggy, tests: theCase.visibleTests });
        const fixed = await shared.sandbox.run({
          code: theCase.fixed,
          tests: [...theCase.visibleTests, ...theCase.hiddenTests],
        });
        return { id: theCase.id, buggyFailed: buggy.failed, fixedOk: fixed.ok, failures: fixed.failures };
      }),
    );
    for (const outcome of outcomes) {
      expect(outcome.buggyFailed, outcome.id).toBeGreaterThan(0);
      expect(outcome, outcome.id).toMatchObject({ fixedOk: true });
    }
  });
});

describe('code-fix grader', () => {
  it('passes the reference trajectory of every case', async () => {
    const runs = await Promise.all(cases.map((theCase) => runScripted(codeFixTask, theCase, shared)));
    runs.forEach((run, index) => {
      expect(run.grade, cases[index]?.id).toMatchObject({ passed: true });
      expect(run.toolResults[0]?.result.value).toMatchObject({ all_passed: true });
    });
  });

  it('fails a failing patch, an answer without code, and a runaway loop', async () => {
    const theCase = cases[0];
    if (theCase === undefined) throw new Error('no case');
    const reference = codeFixReference(theCase);
    const plant = async (answer: string) =>
      (await runScripted(codeFixTask, theCase, shared, withAnswer(reference, 'main', answer))).grade;
    expect(await plant(fixedAnswer(theCase, theCase.buggy))).toMatchObject({ passed: false });
    expect(await plant('I fixed it, trust me.')).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/no code block/),
    });
    const loop = `function ${theCase.functionName}() { while (true) {} }`;
    const fileRead = `function ${theCase.functionName}() { return require('node:fs').readFileSync('/etc/passwd', 'utf8'); }`;
    expect(await plant(fixedAnswer(theCase, fileRead))).toMatchObject({ passed: false });
    expect(await plant(fixedAnswer(theCase, loop))).toMatchObject({ passed: false });
  });

  it('a patch that passes only the visible tests fails the hidden ones', async () => {
    const theCase = cases.find((candidate) => candidate.template === 'factorial-base');
    if (theCase === undefined) throw new Error('no factorial case');
    // Hard-codes the visible expectations: green on run_tests, red on the hidden tests.
    const cheat = `function ${theCase.functionName}(n) { return n === 4 ? 24 : 1; }`;
    const visible = await shared.sandbox.run({ code: cheat, tests: theCase.visibleTests });
    expect(visible.ok).toBe(true);
    const grade = await codeFixTask.grade({
      case: theCase,
      answer: fixedAnswer(theCase, cheat),
      state: { sandbox: shared.sandbox, visibleTests: theCase.visibleTests },
    });
    expect(grade.passed).toBe(false);
  });

  it('run_tests rejects bad arguments and reports code that does not load', async () => {
    const tool = codeFixTools[0];
    const theCase = cases[0];
    if (tool === undefined || theCase === undefined) throw new Error('missing');
    const env = {
      state: { sandbox: shared.sandbox, visibleTests: theCase.visibleTests },
      signal: new AbortController().signal,
      caseId: theCase.id,
      taskExecId: 'x',
    };
    await expect(tool.call({}, env)).rejects.toThrow(/code/);
    await expect(tool.call({ code: '' }, env)).rejects.toThrow(/code/);
    const outcome = await tool.call({ code: 'function (' }, env).catch((error: Error) => error);
    expect(String(outcome instanceof Error ? outcome.message : JSON.stringify(outcome))).toMatch(
      /SyntaxError|did not run|fail/i,
    );
  });
});
