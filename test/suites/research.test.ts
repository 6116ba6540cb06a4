import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createResearchTask,
  mergedBriefing,
  parsePlan,
  type ResearchShared,
  researchCases,
  researchReference,
  researchTools,
} from '../../src/suites/research/index.js';
import { prepareContext, runScripted, withAnswer, withTurn } from './scripted-context.js';

const SEED = 9;
// The web service answers as soon as its work is done: the published service times are not under test here.
const researchTask = createResearchTask({ modelledServiceTime: false });
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
      // The search API listed the page each worker read, and the page states the worker's fact.
      const searches = run.toolResults.filter((call) => call.name === 'search');
      const pages = run.toolResults.filter((call) => call.name === 'fetch_page');
      expect(searches).toHaveLength(theCase.parts.length);
      expect(pages).toHaveLength(theCase.parts.length);
      // Workers run in parallel, so results arrive in any order: match them by fact.
      const listed = JSON.stringify(searches.map((call) => call.result.value));
      for (const part of theCase.parts) {
        const page = pages
          .map((call) => call.result.value as { id: string; text: string })
          .find((value) => value.text.includes(part.fact));
        expect(page, part.fact).toBeDefined();
        expect(listed).toContain(`"${page?.id}"`);
        expect(listed).not.toContain(part.sentence);
      }
      expect(run.roles[0]).toBe('planner');
      expect(run.roles.at(-1)).toBe('planner');
      expect(run.roles.filter((role) => role === 'worker')).toHaveLength(theCase.parts.length * 3);
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

  it('search and fetch_page reject bad arguments; an unknown page is a 404 the model sees', async () => {
    const [search, fetchPage] = researchTools;
    if (search === undefined || fetchPage === undefined) throw new Error('no tool');
    const env = {
      state: { web: shared.client, plan: [], summaries: [] },
      signal: new AbortController().signal,
      caseId: 'x',
      taskExecId: 'x',
    };
    await expect(search.call({ k: 3 }, env)).rejects.toThrow(/query/);
    await expect(search.call({ query: 'founder', k: 50 }, env)).rejects.toThrow(/k/);
    await expect(fetchPage.call({ id: 'note-99999' }, env)).rejects.toThrow(/HTTP 404: no page "note-99999"/);
    expect(search.simulatedLatency && fetchPage.simulatedLatency).toBe(true);
  });
});
