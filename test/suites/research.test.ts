import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mergedBriefing,
  parsePlan,
  type ResearchShared,
  researchCases,
  researchReference,
  researchTask,
  researchTools,
} from '../../src/suites/research/index.js';
import { prepareContext, runScripted, withAnswer, withTurn } from './scripted-context.js';

const SEED = 9;
const cases = researchCases(SEED);
let shared: ResearchShared;

beforeAll(async () => {
  shared = (await researchTask.prepare?.(prepareContext(SEED))) as ResearchShared;
});
afterAll(() => shared.close());

describe('research cases', () => {
  it('yields at least 50 deterministic cases of 3 or 4 sub-questions', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(researchCases(SEED)).toEqual(cases);
    for (const theCase of cases) expect(theCase.parts.length).toBeGreaterThanOrEqual(3);
  });
});

describe('research grader', () => {
  it('passes the reference of every case: plan, parallel workers, merge', async () => {
    for (const theCase of cases) {
      const run = await runScripted(researchTask, theCase, shared);
      expect(run.grade, theCase.id).toMatchObject({ passed: true });
      expect(run.state.plan).toEqual(theCase.parts.map((part) => part.subquestion));
      // The search tool found each worker's fact in the top results.
      const searches = run.toolResults.filter((call) => call.name === 'search');
      expect(searches).toHaveLength(theCase.parts.length);
      theCase.parts.forEach((part, index) => {
        expect(JSON.stringify(searches[index]?.result.value)).toContain(part.fact);
      });
      expect(run.roles[0]).toBe('planner');
      expect(run.roles.at(-1)).toBe('planner');
      expect(run.roles.filter((role) => role === 'worker')).toHaveLength(theCase.parts.length * 2);
    }
  });

  it('fails a merged answer missing a fact, or a fact no worker found', async () => {
    const theCase = cases[0];
    if (theCase === undefined) throw new Error('no case');
    const reference = researchReference(theCase);
    const dropped = theCase.parts
      .slice(1)
      .map((part) => part.sentence)
      .join(' ');
    const missing = withAnswer(reference, 'planner-merge', dropped);
    const first = await runScripted(researchTask, theCase, shared, missing);
    expect(first.grade).toMatchObject({ passed: false, reason: expect.stringMatching(/briefing lacks/) });
    const lazyWorker = withAnswer(reference, 'worker-0', 'I could not find it.');
    const second = await runScripted(researchTask, theCase, shared, lazyWorker);
    expect(second.grade).toMatchObject({ passed: false, reason: expect.stringMatching(/no worker found/) });
    expect(mergedBriefing(theCase)).toContain(theCase.parts[0]?.fact);
  });

  it('degrades a broken plan to one worker, which fails the briefing', async () => {
    const theCase = cases[0];
    if (theCase === undefined) throw new Error('no case');
    const broken = withTurn(researchReference(theCase), 'planner-plan', 0, {
      answer: 'Sure! Here is my plan.',
    });
    const run = await runScripted(researchTask, theCase, shared, broken);
    expect(run.state.plan).toEqual([theCase.question]);
    expect(run.grade.passed).toBe(false);
    expect(parsePlan('```json\n{"subquestions": ["a", "b"]}\n```', 4)).toEqual(['a', 'b']);
  });

  it('search rejects bad arguments', async () => {
    const search = researchTools[0];
    if (search === undefined) throw new Error('no tool');
    const env = {
      state: { index: shared.index, plan: [], summaries: [] },
      signal: new AbortController().signal,
      caseId: 'x',
      taskExecId: 'x',
    };
    await expect(search.call({ k: 3 }, env)).rejects.toThrow(/query/);
    await expect(search.call({ query: 'founder', k: 50 }, env)).rejects.toThrow(/k/);
  });
});
