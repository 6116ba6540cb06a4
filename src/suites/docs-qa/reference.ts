import type { ReferenceTrajectory } from '../../spec/index.js';
import type { DocsCase } from './cases.js';

/** The cited answer a correct agent gives. */
export function docsReference(theCase: DocsCase): Record<string, ReferenceTrajectory> {
  return {
    main: {
      turns: [
        {
          answer: `The ${theCase.product}'s ${theCase.attribute} is ${theCase.value} ${theCase.unit} [${theCase.goldId}].`,
        },
      ],
    },
  };
}
