import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DocsShared,
  docsCases,
  docsCorpus,
  createDocsQaTask,
  docsReference,
  prepareDocsIndex,
} from '../../src/suites/docs-qa/index.js';
import { prepareContext, runScripted, withAnswer } from './scripted-context.js';

const SEED = 5;
// The vector store answers as soon as its query is done: its published service time is not under test here.
const docsQaTask = createDocsQaTask({ modelledServiceTime: false });
const cases = docsCases(SEED);
let shared: DocsShared;

beforeAll(async () => {
  const calls: number[] = [];
  const ctx = prepareContext(SEED);
  shared = await prepareDocsIndex(
    {
      ...ctx,
      embed: async (role, texts) => {
        calls.push(texts.length);
        return ctx.embed(role, texts);
      },
    },
    { modelledServiceTime: false },
  );
  // Embedded through the embedder role in batches of at most 64.
  expect(Math.max(...calls)).toBe(64);
  expect(calls.reduce((sum, count) => sum + count, 0)).toBe(docsCorpus(SEED).passages.length);
});

afterAll(() => shared.close());

describe('docs-qa corpus and cases', () => {
  it('has at least 2,000 passages, each key fact stated once', () => {
    const { passages } = docsCorpus(SEED);
    expect(passages.length).toBeGreaterThanOrEqual(2000);
    expect(shared.size).toBe(passages.length);
    const keys = new Set(passages.map((passage) => `${passage.product}|${passage.attribute}`));
    expect(keys.size).toBe(passages.length);
  });

  it('yields at least 50 deterministic cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(docsCases(SEED)).toEqual(cases);
    expect(docsCases(SEED + 1)[0]?.question).not.toBe(cases[0]?.question);
  });
});

describe('docs-qa grader', () => {
  it('passes the reference of every case, with the gold passage retrieved despite non-semantic vectors and reranker', async () => {
    for (const theCase of cases) {
      const run = await runScripted(docsQaTask, theCase, shared);
      expect(run.state.retrievedIds, theCase.id).toContain(theCase.goldId);
      expect(run.grade, theCase.id).toMatchObject({ passed: true });
      expect(run.roles).toEqual(['embedder', 'reranker', 'planner']);
    }
  });

  it('fails uncited, wrongly cited, unretrieved-cited and wrong-value answers', async () => {
    const theCase = cases[0];
    const other = cases[1];
    if (theCase === undefined || other === undefined) throw new Error('no cases');
    const reference = docsReference(theCase);
    const fact = `The ${theCase.product}'s ${theCase.attribute} is ${theCase.value} ${theCase.unit}`;
    const plant = async (answer: string) =>
      (await runScripted(docsQaTask, theCase, shared, withAnswer(reference, 'main', answer))).grade;
    expect(await plant(`${fact}.`)).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/cites no passage/),
    });
    expect(await plant(`${fact} [${other.goldId}].`)).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/not the gold/),
    });
    expect(await plant(`${fact} [${theCase.goldId}] [doc-99999].`)).toMatchObject({
      passed: false,
      reason: expect.stringMatching(/not retrieved/),
    });
    expect(
      await plant(
        `The ${theCase.product}'s ${theCase.attribute} is ${theCase.value + 1} ${theCase.unit} [${theCase.goldId}].`,
      ),
    ).toMatchObject({
      passed: false,
    });
  });
});
