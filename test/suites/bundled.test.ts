import { describe, expect, it } from 'vitest';
import {
  bundledTasks,
  codeFixTask,
  docsQaTask,
  researchTask,
  sqlAnalystTask,
  supportTask,
} from '../../src/suites/index.js';

describe('bundled suite', () => {
  it('has the five tasks, unique names, and together uses small and large models, an embedder and a reranker', () => {
    const tasks = bundledTasks();
    expect(tasks.map((task) => task.name)).toEqual([
      'support',
      'docs-qa',
      'sql-analyst',
      'code-fix',
      'research',
    ]);
    expect(tasks).toEqual([supportTask, docsQaTask, sqlAnalystTask, codeFixTask, researchTask]);
    expect(new Set(tasks.flatMap((task) => task.roles))).toEqual(
      new Set(['worker', 'planner', 'embedder', 'reranker']),
    );
    for (const task of tasks) {
      expect(task.name).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(typeof task.reference).toBe('function');
    }
  });

  it('every case of every task has a stable id and a reference trajectory', async () => {
    for (const task of bundledTasks()) {
      const cases = typeof task.cases === 'function' ? await task.cases(1) : task.cases;
      expect(cases.length, task.name).toBeGreaterThanOrEqual(50);
      const ids = cases.map((theCase, index) => task.caseId?.(theCase, index));
      expect(new Set(ids).size, task.name).toBe(cases.length);
      for (const theCase of cases) {
        const references = task.reference?.(theCase) ?? {};
        expect(Object.keys(references).length, task.name).toBeGreaterThan(0);
        for (const trajectory of Object.values(references)) {
          expect(trajectory.turns.at(-1), task.name).toHaveProperty('answer');
        }
      }
    }
  });
});
