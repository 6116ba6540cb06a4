import { AgentperfError, ConfigError } from './errors.js';
import { redact } from './redact.js';

/**
 * Maps an error to what the user sees and the exit code: input problems
 * (usage, config, an endpoint that does not answer at preflight) print what
 * was wrong, where and how to fix it, with no stack trace, and exit 2.
 */
export function reportError(
  error: unknown,
  stderr: NodeJS.WritableStream,
  options: { debug?: boolean } = {},
): number {
  if (error instanceof ConfigError) {
    stderr.write(
      `agentperf: the configuration has ${error.issues.length} problem${error.issues.length > 1 ? 's' : ''}:\n`,
    );
    for (const issue of error.issues)
      stderr.write(`  ${redact(`${issue.file}: ${issue.path || '(top level)'}: ${issue.message}`)}\n`);
    if (error.hint) stderr.write(`  fix: ${error.hint}\n`);
    return 2;
  }
  if (AgentperfError.is(error)) {
    if (error.kind === 'store' && error.hint) {
      // One line a CI log shows whole: what failed, where, and the fix.
      stderr.write(`agentperf: ${redact(`${error.message}: ${error.hint}`)}\n`);
    } else {
      stderr.write(`agentperf: ${redact(error.message)}\n`);
      if (error.hint) stderr.write(`  fix: ${redact(error.hint)}\n`);
    }
    if (options.debug && error.stack) stderr.write(`${redact(error.stack)}\n`);
    if (error.userFixable || error.kind === 'api-call') return 2;
    return 3;
  }
  const message =
    error instanceof Error ? (options.debug ? (error.stack ?? error.message) : error.message) : String(error);
  stderr.write(
    `agentperf: internal error (please report it${options.debug ? '' : '; --debug shows the stack'}): ${redact(message)}\n`,
  );
  return 3;
}
