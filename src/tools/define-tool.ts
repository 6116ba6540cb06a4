import { ToolError } from '../errors.js';
import type { ToolEnv, ToolImplementation } from '../spec/index.js';
import { compileArgumentValidator } from './schema-validator.js';

/**
 * Wraps a tool so every call first checks its arguments against the tool's
 * JSON Schema. The schema is compiled here, once; a bad call throws a
 * ToolError naming every problem, so the model can fix them all in one retry.
 */
export function defineTool<State>(tool: ToolImplementation<State>): ToolImplementation<State> {
  const validate = compileArgumentValidator(tool.parameters);
  const inner = tool.call.bind(tool);
  return {
    ...tool,
    call(args: Record<string, unknown>, env: ToolEnv<State>): Promise<unknown> {
      const problems = validate(args);
      if (problems.length > 0) {
        return Promise.reject(
          new ToolError(`invalid arguments for tool '${tool.name}': ${problems.join('; ')}`),
        );
      }
      return inner(args, env);
    },
  };
}
