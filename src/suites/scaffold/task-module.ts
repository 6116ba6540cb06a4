/**
 * The TypeScript task `init` writes: cases + agent + grader + reference, the
 * smallest complete task. It runs as generated on the simulated fabric.
 */
export const SCAFFOLD_TASK_MODULE = `import { defineTask } from 'agentperf/task';

/** One case: a stock question whose answer the grader can check exactly. */
interface StockCase {
  id: string;
  boxes: number;
  perBox: number;
  sold: number;
}

/** Cases are generated from the run seed, so every run and every machine sees the same ones. */
function makeCases(seed: number): StockCase[] {
  let state = seed >>> 0 || 1;
  const next = (max: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return 1 + (state % max);
  };
  return Array.from({ length: 50 }, (_unused, index) => ({
    id: \`stock-\${index}\`,
    boxes: next(40),
    perBox: next(24),
    sold: next(100),
  }));
}

function expected(theCase: StockCase): number {
  return theCase.boxes * theCase.perBox - theCase.sold;
}

export default defineTask({
  name: 'stock-count',
  description: 'Arithmetic over a stock report: the smallest complete task (cases, agent, grader, reference).',
  // Tasks speak of roles; the suite's fabric decides which model serves each.
  roles: ['worker'],
  cases: makeCases,
  caseId: (theCase: StockCase) => theCase.id,
  async agent(ctx) {
    const { boxes, perBox, sold } = ctx.case;
    const result = await ctx.chat('worker', {
      messages: [
        { role: 'system', content: 'Answer with one short sentence that ends with the number.' },
        {
          role: 'user',
          content: \`We received \${boxes} boxes of \${perBox} items and sold \${sold} items. How many items are left?\`,
        },
      ],
      // What a correct model would answer; only the simulator reads it.
      reference: ctx.reference(),
      seed: ctx.seed,
    });
    return result.content;
  },
  // Judge the outcome, not the wording: the last number in the answer must be right.
  grade({ case: theCase, answer }) {
    const numbers = String(answer).match(/-?\\d+/g) ?? [];
    const last = Number(numbers[numbers.length - 1]);
    return last === expected(theCase)
      ? { passed: true }
      : { passed: false, reason: \`answered \${numbers[numbers.length - 1] ?? 'nothing'}, expected \${expected(theCase)}\` };
  },
  reference: (theCase: StockCase) => ({
    main: { turns: [{ answer: \`There are \${expected(theCase)} items left.\` }] },
  }),
});
`;
