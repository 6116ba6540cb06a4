import { UsageError } from '../errors.js';
import { type LoadShare, parseShare } from '../runner/index.js';

/**
 * The shard this process runs: `--shard i/N`, else the variables a
 * Kubernetes Indexed Job sets in each pod (JOB_COMPLETION_INDEX, and
 * JOB_COMPLETIONS, which the manifests `agentperf k8s` writes pass on).
 * Undefined when neither is given: the process runs the whole load.
 */
export function resolveShard(flag: string | undefined, env: NodeJS.ProcessEnv): LoadShare | undefined {
  if (flag !== undefined) {
    const share = parseShare(flag);
    if (typeof share === 'string')
      throw new UsageError(
        `--shard ${share}`,
        'give the 0-based shard index and the shard count, e.g. --shard 0/4',
      );
    return share;
  }
  const index = env.JOB_COMPLETION_INDEX;
  if (index === undefined || index === '') return undefined;
  const count = env.JOB_COMPLETIONS;
  if (count === undefined || count === '')
    throw new UsageError(
      `JOB_COMPLETION_INDEX=${index} is set but JOB_COMPLETIONS is not: the shard count is unknown`,
      "set JOB_COMPLETIONS to the Job's completions (the manifests from `agentperf k8s` do), or pass --shard i/N",
    );
  const share = parseShare(`${index}/${count}`);
  if (typeof share === 'string')
    throw new UsageError(
      `JOB_COMPLETION_INDEX/JOB_COMPLETIONS: ${share}`,
      'JOB_COMPLETION_INDEX must be 0..JOB_COMPLETIONS-1',
    );
  return share;
}

/** `--start-at`: an ISO 8601 time (with zone) or Unix seconds. */
export function parseStartAt(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const at = /^\d+(\.\d+)?$/.test(text.trim()) ? new Date(Number(text) * 1000) : new Date(text);
  if (Number.isNaN(at.getTime()) || !/^\d+(\.\d+)?$|[zZ]|[+-]\d\d:?\d\d$/.test(text.trim()))
    throw new UsageError(
      `--start-at "${text}" is not a time with a zone`,
      'give an ISO 8601 time with a zone, e.g. --start-at 2026-12-01T12:00:00Z, or Unix seconds',
    );
  return at;
}
