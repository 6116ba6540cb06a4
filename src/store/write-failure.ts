import { AgentperfError } from '../errors.js';

/** A failed store or run-directory operation, as it crosses from the writer thread. */
export interface WriteFailure {
  /** errno code (ENOSPC, EACCES, …) or SQLite code (SQLITE_BUSY, …); null when neither. */
  code: string | null;
  /** What was being written when it failed. */
  path: string;
  message: string;
}

/** The error's code and message, in a form that can be posted between threads. */
export function toWriteFailure(error: unknown, path: string): WriteFailure {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    code: typeof code === 'string' ? code : null,
    path: (error as { path?: unknown } | null)?.path?.toString() ?? path,
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * One line for the user: what failed, on which file, and the fix. Every
 * store or run-directory failure ends the run with exit 3 and this message.
 */
export function describeWriteFailure(failure: WriteFailure): AgentperfError {
  const { code, path } = failure;
  const make = (what: string, hint: string): AgentperfError =>
    new AgentperfError('store', `${what} ${path}`, { hint });
  switch (code) {
    case 'ENOSPC':
    case 'SQLITE_FULL':
    case 'EDQUOT':
      return make('no space left on device writing', 'free space, or use --out (and --store) elsewhere');
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'SQLITE_READONLY':
      return make('permission denied writing', 'use --out (and --store) in a directory you can write');
    case 'ENOTDIR':
    case 'EEXIST':
      return make(
        'a file stands where a directory is needed at',
        'point --out (and --store) at a path whose parents are directories, not files',
      );
    case 'EISDIR':
      return make('a directory stands where a file is needed at', 'point --store at a file, not a directory');
    case 'EMFILE':
    case 'ENFILE':
      return make(
        'out of file descriptors writing',
        'raise the limit (ulimit -n) or run fewer agents at once',
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
    case 'SQLITE_BUSY_SNAPSHOT':
      return make(
        'the run store is locked by another process:',
        'wait for the other run to end, or use --store to write to another file',
      );
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return make(
        'the run store is corrupt or not an agentperf store:',
        'move the file aside (the run directories keep every record), or use --store elsewhere',
      );
    case 'SQLITE_CANTOPEN':
      return make(
        'cannot open the run store',
        'check that its directory exists and is writable, or use --store',
      );
    default:
      return new AgentperfError('store', `writing ${path} failed: ${failure.message}`, {
        hint: 'check the disk and the path, or use --out (and --store) elsewhere',
      });
  }
}
