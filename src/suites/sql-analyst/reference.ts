import type { ReferenceTrajectory } from '../../spec/index.js';
import type { SqlCase } from './cases.js';

/** The answer line a correct analyst ends with. */
export function answerLine(theCase: SqlCase): string {
  return `ANSWER: ${theCase.expected}`;
}

/** The gold query, then a summary that ends with the value. */
export function sqlReference(theCase: SqlCase): Record<string, ReferenceTrajectory> {
  return {
    main: {
      turns: [
        { toolCalls: [{ name: 'run_sql', arguments: { query: theCase.goldSql } }] },
        { answer: `The query over the sales table gives the result.\n${answerLine(theCase)}` },
      ],
    },
  };
}
