/** Checks that a value is a usable TaskDefinition, listing every problem. */
export function validateTaskDefinition(value: unknown): Array<{ path: string[]; message: string }> {
  if (typeof value !== 'object' || value === null)
    return [{ path: [], message: 'expected a task object made with defineTask({...})' }];
  const task = value as Record<string, unknown>;
  const problems: Array<{ path: string[]; message: string }> = [];
  const need = (field: string, ok: boolean, expected: string): void => {
    if (!ok) problems.push({ path: [field], message: `expected ${expected}` });
  };
  need(
    'name',
    typeof task.name === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(task.name),
    'a name of letters, digits, ".", "_" or "-"',
  );
  need(
    'roles',
    Array.isArray(task.roles) && task.roles.every((role) => typeof role === 'string'),
    'an array of role names',
  );
  need(
    'cases',
    Array.isArray(task.cases) || typeof task.cases === 'function',
    'an array of cases or a function (seed) => cases',
  );
  need('agent', typeof task.agent === 'function', 'an async function (ctx) => answer');
  need('grade', typeof task.grade === 'function', 'a function ({case, answer, state}) => {passed, score?}');
  for (const optional of ['setup', 'teardown', 'prepare', 'reference', 'caseId']) {
    if (task[optional] !== undefined) need(optional, typeof task[optional] === 'function', 'a function');
  }
  if (task.tools !== undefined) need('tools', Array.isArray(task.tools), 'an array of tools');
  return problems;
}
