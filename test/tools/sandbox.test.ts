import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, permissionFlag, type Sandbox, sandboxNodeArguments } from '../../src/tools/index.js';

const ADD = 'function add(a, b) { return a + b; }';
const ADD_TESTS = [
  { name: 'adds small numbers', code: 'assertEqual(add(1, 2), 3);' },
  { name: 'adds negatives', code: 'assert(add(-1, -2) === -3, "negatives");' },
];

describe('sandbox', () => {
  let sandbox: Sandbox;
  let secretDir: string;
  let secretFile: string;

  beforeAll(() => {
    sandbox = createSandbox({ poolSize: 2, memoryMb: 64, defaultTimeoutMs: 2000 });
    secretDir = mkdtempSync(join(tmpdir(), 'agentperf-sandbox-'));
    secretFile = join(secretDir, 'secret.txt');
    writeFileSync(secretFile, 'TOP-SECRET-42');
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(secretDir, { recursive: true, force: true });
  });

  it('passes correct code and captures console output', async () => {
    const result = await sandbox.run({ code: `${ADD}\nconsole.log('loaded', { ok: 1 });`, tests: ADD_TESTS });
    expect(result).toMatchObject({
      ok: true,
      passed: 2,
      failed: 0,
      failures: [],
      error: null,
      timedOut: false,
    });
    expect(result.output).toBe('loaded {"ok":1}');
  });

  it('fails wrong code and names the failing test', async () => {
    const result = await sandbox.run({ code: 'function add(a, b) { return a - b; }', tests: ADD_TESTS });
    expect(result.ok).toBe(false);
    expect(result.passed).toBe(0);
    expect(result.failed).toBe(2);
    expect(result.failures).toEqual([
      { name: 'adds small numbers', message: 'expected 3, got -1' },
      { name: 'adds negatives', message: 'negatives' },
    ]);
  });

  it('reports code that does not load', async () => {
    const result = await sandbox.run({ code: 'function add(a, b) { return a +; }', tests: ADD_TESTS });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^the code failed to load: SyntaxError/);
    expect(result.failed).toBe(2);
  });

  it('stops an infinite loop at its time limit and keeps serving', async () => {
    const result = await sandbox.run({ code: 'while (true) {}', tests: ADD_TESTS, timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.durationMs).toBeGreaterThanOrEqual(250);
    expect(result.durationMs).toBeLessThan(10_000);
    const loopInTest = await sandbox.run({
      code: ADD,
      tests: [{ name: 'spins', code: 'for (;;) {}' }],
      timeoutMs: 300,
    });
    expect(loopInTest.timedOut).toBe(true);
    expect(loopInTest.failures).toEqual([{ name: 'spins', message: 'timed out' }]);
    // A microtask loop of constant memory: only the time limit can stop it.
    const promiseLoop = await sandbox.run({
      code: 'Promise.resolve().then(function again() { Promise.resolve().then(again); });',
      tests: [],
      timeoutMs: 300,
    });
    expect(promiseLoop.timedOut).toBe(true);
    // A chain of nested promises also grows the heap: on Node 24.22 it fills 64 MB within ~300 ms,
    // so either limit may stop it first; stopped it must be, and the pool must keep serving.
    const nested = await sandbox.run({
      code: 'Promise.resolve().then(function again() { return Promise.resolve().then(again); });',
      tests: [],
      timeoutMs: 300,
    });
    expect(nested.ok).toBe(false);
    expect(nested.timedOut || nested.memoryExceeded).toBe(true);
    await expect(sandbox.run({ code: ADD, tests: ADD_TESTS })).resolves.toMatchObject({ ok: true });
  });

  it('kills the child when untrusted code runs where the in-child limit cannot reach', async () => {
    // The thrown object's getter runs while the child describes the error, outside vm's timeout.
    const result = await sandbox.run({
      code: 'throw { get message() { for (;;) {} } };',
      tests: [],
      timeoutMs: 200,
    });
    expect(result.timedOut).toBe(true);
    expect(result.error).toContain('killed');
    await expect(sandbox.run({ code: ADD, tests: ADD_TESTS })).resolves.toMatchObject({ ok: true });
  });

  it('reports a memory blow-up and replaces the child', async () => {
    const result = await sandbox.run({
      code: 'const hoard = []; for (;;) hoard.push(new Array(100000).fill(Math.random()));',
      tests: [],
      timeoutMs: 20_000,
    });
    expect(result.memoryExceeded).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(result.ok).toBe(false);
    await expect(sandbox.run({ code: ADD, tests: ADD_TESTS })).resolves.toMatchObject({ ok: true });
  });

  it('offers no require, process, import() or code generation', async () => {
    const result = await sandbox.run({
      code: '',
      tests: [
        { name: 'no require', code: 'assertEqual(typeof require, "undefined");' },
        { name: 'no process', code: 'assertEqual(typeof process, "undefined");' },
        {
          name: 'no module',
          code: 'assertEqual(typeof module + typeof globalThis.Buffer, "undefinedundefined");',
        },
        {
          name: 'no eval',
          code: 'let threw = false; try { eval("1"); } catch { threw = true; } assert(threw);',
        },
      ],
    });
    expect(result.failures).toEqual([]);
    expect(result.ok).toBe(true);
    const dynamicImport = await sandbox.run({
      code: `import('node:fs').then((fs) => console.log('imported', typeof fs.readFileSync), (error) => console.log('rejected'));`,
      tests: [],
    });
    expect(dynamicImport.output).toBe('rejected');
  });

  it('does not hand out the host process through constructor escapes', async () => {
    const escapes = [
      'this.constructor.constructor("return process")()',
      'globalThis.constructor.constructor("return process")()',
      'assert.constructor.constructor("return process")()',
      'console.log.constructor("return process")()',
      '(() => { try { null.x; } catch (error) { return error.constructor.constructor("return process")(); } })()',
      '(() => { try { assert(false); } catch (error) { return error.constructor.constructor("return process")(); } })()',
      'Object.getPrototypeOf(async function () {}).constructor("return process")()',
    ];
    const results = await Promise.all(
      escapes.map((attempt) =>
        sandbox.run({
          code: `let leaked; try { leaked = ${attempt}; } catch (error) { leaked = undefined; }
                 console.log(typeof leaked === 'object' && leaked !== null && typeof leaked.pid === 'number' ? 'LEAKED' : 'contained');`,
          tests: [],
        }),
      ),
    );
    for (const result of results) expect(result.output).toBe('contained');
  });

  it('cannot read files: the code has no way in, and the child process itself is denied', async () => {
    const attempts = await sandbox.run({
      code: `
        const path = ${JSON.stringify(secretFile)};
        const tries = [
          () => require('fs').readFileSync(path, 'utf8'),
          () => process.mainModule.require('fs').readFileSync(path, 'utf8'),
          () => this.constructor.constructor('return process')().getBuiltinModule('fs').readFileSync(path, 'utf8'),
          () => this.constructor.constructor('return process')().binding('fs'),
        ];
        for (const attempt of tries) {
          try { console.log(String(attempt())); } catch (error) { console.log('denied'); }
        }`,
      tests: [],
    });
    expect(attempts.output).not.toContain('TOP-SECRET-42');
    expect(attempts.output.split('\n')).toEqual(['denied', 'denied', 'denied', 'denied']);
    // Should code ever reach the child's own realm, the child is still under
    // Node's permission model: it tried these itself before serving any run.
    await expect(sandbox.isolation()).resolves.toEqual({
      fsReadDenied: true,
      fsWriteDenied: true,
      childProcessDenied: true,
      workerDenied: true,
    });
  });

  it('bounds console output', async () => {
    const result = await sandbox.run({
      code: 'for (let i = 0; i < 100000; i++) console.log("line", i);',
      tests: [],
    });
    expect(result.ok).toBe(true);
    expect(result.output.length).toBeLessThan(9000);
    expect(result.output.endsWith('[output truncated]')).toBe(true);
  });

  it('gives 16 concurrent runs their own results', async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, index) =>
        sandbox.run({
          code: `var shared = (typeof shared === 'undefined' ? 0 : shared) + 1; function identity() { return ${index}; }`,
          tests: [
            { name: `identity ${index}`, code: `assertEqual(identity(), ${index});` },
            { name: `fresh context ${index}`, code: 'assertEqual(shared, 1);' },
            ...(index % 2 === 0 ? [{ name: `fails ${index}`, code: `assertEqual(identity(), -1);` }] : []),
          ],
        }),
      ),
    );
    results.forEach((result, index) => {
      expect(result.passed).toBe(2);
      expect(result.failures).toEqual(
        index % 2 === 0 ? [{ name: `fails ${index}`, message: `expected -1, got ${index}` }] : [],
      );
    });
  });
});

describe('sandbox lifecycle', () => {
  it('rejects runs after close', async () => {
    const sandbox = createSandbox({ poolSize: 1 });
    await expect(sandbox.run({ code: ADD, tests: ADD_TESTS })).resolves.toMatchObject({ ok: true });
    await sandbox.close();
    await expect(sandbox.run({ code: ADD, tests: ADD_TESTS })).rejects.toThrow(/closed/);
  });
});

describe('sandbox in a plain Node process', () => {
  const TOOLS = new URL('../../src/tools/index.ts', import.meta.url).href;
  async function runScript(body: string): Promise<string> {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const script = `const { createSandbox } = await import(${JSON.stringify(TOOLS)});\n${body}`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 20_000 },
    );
    return stdout;
  }

  it('close() resolves, and a sandbox left open does not keep the process alive', async () => {
    const [closed, leftOpen] = await Promise.all([
      runScript(
        `const sandbox = createSandbox({ poolSize: 1 });
         const result = await sandbox.run({ code: 'function f() { return 1; }', tests: [{ name: 't', code: 'assert(f() === 1)' }] });
         await sandbox.close();
         console.log('closed', result.ok);`,
      ),
      runScript(
        `const sandbox = createSandbox({ poolSize: 2 });
         const result = await sandbox.run({ code: '', tests: [] });
         console.log('done', result.ok);`,
      ),
    ]);
    expect(closed.trim()).toBe('closed true');
    expect(leftOpen.trim()).toBe('done true');
  });
});

describe('sandbox permission flag', () => {
  it('uses --permission where Node knows it and the experimental name only on Node 20', () => {
    expect(permissionFlag(new Set(['--permission', '--experimental-permission']))).toBe('--permission');
    expect(permissionFlag(new Set(['--permission']))).toBe('--permission');
    expect(permissionFlag(new Set(['--experimental-permission']))).toBe('--experimental-permission');
    expect(sandboxNodeArguments(64, new Set(['--permission']))[0]).toBe('--permission');
  });
});
