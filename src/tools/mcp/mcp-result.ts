import { ToolError } from '../../errors.js';

/** The parts of an MCP CallToolResult this client reads. */
export interface McpCallResult {
  content?: Array<{ type: string; text?: string; [key: string]: unknown }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/**
 * Turns an MCP tool result into a tool value: structured content when the
 * server sent it, the text when all content is text, the content list
 * otherwise. An isError result becomes a ToolError carrying its text.
 */
export function fromMcpResult(toolName: string, result: McpCallResult): unknown {
  const content = result.content ?? [];
  const texts = content.filter((part) => part.type === 'text').map((part) => part.text ?? '');
  if (result.isError) {
    throw new ToolError(
      texts.length > 0 ? texts.join('\n') : `MCP tool '${toolName}' failed without a message`,
    );
  }
  if (result.structuredContent !== undefined) return result.structuredContent;
  if (texts.length === content.length) return texts.join('\n');
  return content;
}
