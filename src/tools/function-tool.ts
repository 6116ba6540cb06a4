import type { JsonSchema, ToolEnv, ToolImplementation } from '../spec/index.js';
import { defineTool } from './define-tool.js';

/** A user's TypeScript function offered to the model as a tool. */
export interface FunctionToolOptions<State, Args> {
  name: string;
  description: string;
  /** JSON Schema of the arguments; `run` only ever sees arguments that match it. */
  parameters: JsonSchema;
  /** USD charged per call. */
  costUsd?: number;
  /** 'retrieval' for lookups, so they are reported as retrieval steps. */
  kind?: 'tool' | 'retrieval';
  /** The work; throw ToolError for a failure the model should see. */
  run(args: Args, env: ToolEnv<State>): Promise<unknown> | unknown;
}

/** Makes a tool of a plain function, with argument validation. */
export function functionTool<State, Args>(
  options: FunctionToolOptions<State, Args>,
): ToolImplementation<State> {
  const tool: ToolImplementation<State> = {
    name: options.name,
    description: options.description,
    parameters: options.parameters,
    kind: options.kind ?? 'tool',
    async call(args, env) {
      return options.run(args as Args, env);
    },
  };
  if (options.costUsd !== undefined) tool.costUsd = options.costUsd;
  return defineTool(tool);
}
