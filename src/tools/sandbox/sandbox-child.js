// The sandbox's child process. Plain JavaScript on purpose: it runs under
// Node's permission model (`--permission`, or `--experimental-permission` on
// Node 20) with read access to this one file only, so it cannot load a
// TypeScript loader or any other module from disk.
//
// Layers, outermost first:
// 1. The parent launches this process with the permission model (no file
//    reads except this script, no writes, no child processes, no workers),
//    no code generation from strings, a heap limit and an empty environment.
// 2. Every run gets a fresh vm context whose global has no prototype taken
//    from this realm, so `this.constructor.constructor` leads to the
//    context's own Function, which cannot compile strings either.
// 3. Helpers (console, assert) are defined by source evaluated inside the
//    context, so no object of this realm is reachable from untrusted code.
import { openSync } from 'node:fs';
import vm from 'node:vm';

function selfCheck() {
  let fsReadDenied = false;
  try {
    openSync(process.execPath, 'r');
  } catch (error) {
    fsReadDenied = error !== null && typeof error === 'object' && error.code === 'ERR_ACCESS_DENIED';
  }
  const permission = process.permission;
  return {
    fsReadDenied,
    fsWriteDenied: permission !== undefined && !permission.has('fs.write'),
    childProcessDenied: permission !== undefined && !permission.has('child'),
    workerDenied: permission !== undefined && !permission.has('worker'),
  };
}

// Taken before untrusted code runs; nothing below needs them.
for (const name of ['binding', '_linkedBinding', 'dlopen', 'getBuiltinModule']) {
  try {
    delete process[name];
  } catch {}
}

// A rejected dynamic import() inside a context would otherwise end the process.
process.on('unhandledRejection', () => {});

const PRELUDE = `(function (maxOutputChars) {
  'use strict';
  const lines = [];
  let used = 0;
  let dropped = false;
  function format(value) {
    if (typeof value === 'string') return value;
    try {
      const json = JSON.stringify(value);
      return json === undefined ? String(value) : json;
    } catch {
      return String(value);
    }
  }
  function write(args) {
    if (used >= maxOutputChars) { dropped = true; return; }
    let line = Array.prototype.map.call(args, format).join(' ');
    if (used + line.length > maxOutputChars) { line = line.slice(0, maxOutputChars - used); dropped = true; }
    used += line.length + 1;
    lines.push(line);
  }
  const console = Object.freeze({
    log() { write(arguments); }, info() { write(arguments); },
    warn() { write(arguments); }, error() { write(arguments); }, debug() { write(arguments); },
  });
  function deepEqual(left, right) {
    if (Object.is(left, right)) return true;
    if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
    if (Array.isArray(left) !== Array.isArray(right)) return false;
    const leftKeys = Object.keys(left);
    const rightKeys = Object.keys(right);
    if (leftKeys.length !== rightKeys.length) return false;
    for (const key of leftKeys) {
      if (!Object.prototype.hasOwnProperty.call(right, key) || !deepEqual(left[key], right[key])) return false;
    }
    return true;
  }
  function assert(condition, message) {
    if (!condition) throw new Error(message === undefined ? 'assertion failed' : String(message));
  }
  function assertEqual(actual, expected, message) {
    if (!deepEqual(actual, expected)) {
      const prefix = message === undefined ? '' : String(message) + ': ';
      throw new Error(prefix + 'expected ' + format(expected) + ', got ' + format(actual));
    }
  }
  Object.defineProperty(globalThis, 'console', { value: console, writable: true, configurable: true });
  globalThis.assert = assert;
  globalThis.assertEqual = assertEqual;
  return {
    output() { return lines.join('\\n') + (dropped ? '\\n[output truncated]' : ''); },
    describe(error) {
      try {
        if (typeof error === 'object' && error !== null && typeof error.message === 'string') {
          const name = typeof error.name === 'string' ? error.name : 'Error';
          return name === 'Error' ? error.message : name + ': ' + error.message;
        }
        return 'thrown: ' + format(error);
      } catch {
        return 'thrown: (a value that could not be described)';
      }
    },
  };
})`;

function isTimeout(error) {
  return error !== null && typeof error === 'object' && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

function runJob(job) {
  const started = performance.now();
  const deadline = started + job.timeoutMs;
  const remaining = () => Math.max(1, Math.floor(deadline - performance.now()));
  const context = vm.createContext(Object.create(null), {
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  const helpers = vm.runInContext(PRELUDE, context)(job.maxOutputChars);
  const result = {
    ok: false,
    timedOut: false,
    memoryExceeded: false,
    passed: 0,
    failed: 0,
    failures: [],
    output: '',
    error: null,
    durationMs: 0,
  };
  const finish = () => {
    const output = helpers.output();
    result.output = typeof output === 'string' ? output : '';
    result.ok = !result.timedOut && result.error === null && result.failed === 0;
    result.durationMs = performance.now() - started;
    return result;
  };

  try {
    new vm.Script(job.code, { filename: 'solution.js' }).runInContext(context, { timeout: remaining() });
  } catch (error) {
    if (isTimeout(error)) {
      result.timedOut = true;
      result.error = `the code did not finish within ${job.timeoutMs} ms`;
      result.failed = job.tests.length;
      return finish();
    }
    result.error = `the code failed to load: ${helpers.describe(error)}`;
    result.failed = job.tests.length;
    for (const test of job.tests)
      result.failures.push({ name: test.name, message: 'not run: the code failed to load' });
    return finish();
  }

  for (const test of job.tests) {
    try {
      new vm.Script(test.code, { filename: `${test.name}.js` }).runInContext(context, {
        timeout: remaining(),
      });
      result.passed += 1;
    } catch (error) {
      if (isTimeout(error)) {
        result.timedOut = true;
        result.error = `test "${test.name}" did not finish within the ${job.timeoutMs} ms limit`;
        result.failed += 1;
        result.failures.push({ name: test.name, message: 'timed out' });
        return finish();
      }
      result.failed += 1;
      result.failures.push({ name: test.name, message: helpers.describe(error) });
    }
  }
  return finish();
}

process.on('message', (message) => {
  const result = runJob(message);
  process.send({ type: 'result', id: message.id, result });
});

process.send({ type: 'ready', isolation: selfCheck() });
