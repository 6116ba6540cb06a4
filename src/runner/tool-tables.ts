import type { ToolImplementation } from '../spec/index.js';
import type { PlannedTask } from './case-plan.js';
import type { ExecutionEnvironment } from './execute-task.js';

/** Each task's tools (as the fabric placed them) by name, and their model-facing definitions. */
export function toolTables(
  planned: PlannedTask[],
  placed: ReadonlyMap<string, ToolImplementation[]>,
): ExecutionEnvironment['tools'] {
  const tables = new Map<
    string,
    {
      byName: Map<string, ToolImplementation>;
      definitions: Array<{ name: string; description: string; parameters: Record<string, unknown> }>;
    }
  >();
  for (const { task } of planned) {
    const tools = placed.get(task.name) ?? ((task.tools ?? []) as ToolImplementation[]);
    tables.set(task.name, {
      byName: new Map(tools.map((tool) => [tool.name, tool])),
      definitions: tools.map((tool) => ({
        name: tool.name,
        description: tool.description,
        parameters: tool.parameters,
      })),
    });
  }
  return tables;
}
