import { defineTask } from '../config/index.js';
import { ToolError } from '../errors.js';

interface DemoCase {
  country: string;
  capital: string;
}

const CAPITALS: Record<string, string> = {
  France: 'Paris',
  Japan: 'Tokyo',
  Kenya: 'Nairobi',
  Peru: 'Lima',
  Norway: 'Oslo',
  Egypt: 'Cairo',
  Canada: 'Ottawa',
  Vietnam: 'Hanoi',
};

/**
 * The smallest useful task: plan with the model, look the fact up with a
 * real tool, answer with the model. Its logic does not depend on what the
 * model says, so it measures the harness and the endpoint, not a model's
 * skill: the baseline for overhead benchmarks and runner tests.
 */
export const demoTask = defineTask<DemoCase, undefined, string>({
  name: 'demo-lookup',
  description: 'Plan, look up a capital with a tool, answer.',
  roles: ['worker'],
  cases: Object.entries(CAPITALS).map(([country, capital]) => ({ country, capital })),
  caseId: (theCase) => theCase.country.toLowerCase(),
  tools: [
    {
      name: 'lookup_capital',
      description: 'Returns the capital city of a country.',
      parameters: { type: 'object', properties: { country: { type: 'string' } }, required: ['country'] },
      async call(args) {
        const capital = CAPITALS[String(args.country)];
        if (capital === undefined) throw new ToolError(`unknown country "${String(args.country)}"`);
        return { capital };
      },
    },
  ],
  async agent(ctx) {
    await ctx.chat('worker', {
      messages: [{ role: 'user', content: `Plan: find the capital of ${ctx.case.country}.` }],
      maxTokens: 16,
    });
    const found = await ctx.tool('lookup_capital', { country: ctx.case.country });
    if (!found.ok) throw new Error(found.error);
    await ctx.chat('worker', {
      messages: [{ role: 'user', content: `The tool said ${found.text}. Answer in one sentence.` }],
      maxTokens: 16,
    });
    return (found.value as { capital: string }).capital;
  },
  grade({ case: theCase, answer }) {
    const passed = answer === theCase.capital;
    return { passed, reason: passed ? 'right capital' : `expected ${theCase.capital}, got ${answer}` };
  },
});
