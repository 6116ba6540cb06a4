import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { ConfigError, type ConfigIssue, UsageError } from '../errors.js';
import type { TaskDefinition } from '../spec/index.js';
import { isSuiteDefinition } from './define.js';
import { type MissingVariable, substituteEnv } from './env-substitution.js';
import { registerSelfResolve } from './self-resolve.js';
import { formatPath } from './issue-path.js';
import { type SuiteConfig, suiteSchema, type TaskRef } from './suite-schema.js';
import { validateTaskDefinition } from './task-shape.js';
import { LineCounter, locate } from './yaml-locations.js';
import { yamlValue } from './yaml-value.js';
import { flattenIssues } from './zod-issues.js';

/** A suite ready to run: validated settings plus the task objects. */
export interface LoadedSuite {
  /** Absolute path of the suite file; null for the bundled suite. */
  file: string | null;
  config: SuiteConfig;
  tasks: TaskDefinition[];
}

/** Resolves bundled task names ("support", …) to task objects. */
export type BundledTaskResolver = (name: string) => Promise<TaskDefinition | undefined>;

/**
 * Loads and validates a suite file (YAML, or a TS/JS module exporting
 * defineSuite). Every problem in the file is reported at once, each with
 * the file, the path inside it (and the line for YAML) and what was expected.
 */
export async function loadSuiteFile(path: string, bundled: BundledTaskResolver): Promise<LoadedSuite> {
  const file = resolve(path);
  const extension = extname(file).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') return loadYaml(file, bundled);
  if (['.ts', '.mts', '.js', '.mjs'].includes(extension)) return loadModule(file, bundled);
  throw new UsageError(
    `suite file "${path}" is neither YAML nor a TypeScript/JavaScript module`,
    'name a .yaml, .yml, .ts or .js file',
  );
}

/** Validates an in-memory suite (the bundled one, or one built by code). */
export async function loadSuiteObject(
  input: unknown,
  label: string,
  baseDir: string,
  bundled: BundledTaskResolver,
): Promise<LoadedSuite> {
  return finish(input, label, baseDir, bundled, () => null);
}

async function loadYaml(file: string, bundled: BundledTaskResolver): Promise<LoadedSuite> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read suite file ${file}: ${(error as Error).message}`, 'check the path');
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => {
        const position = error.linePos?.[0];
        return {
          file: position ? `${file}:${position.line}:${position.col}` : file,
          path: '',
          message: `YAML syntax: ${error.message.split('\n')[0]}`,
        };
      }),
    );
  }
  const where = (path: PropertyKey[]): string | null => locate(document, lineCounter, path);
  const missing: MissingVariable[] = [];
  const input = substituteEnv(yamlValue(document, file), process.env, missing);
  const unset = missing.map(({ path, variable }) => ({
    path,
    message: `\${${variable}} is not set in the environment (set it, or give a default: \${${variable}:-value})`,
  }));
  return finish(input, file, dirname(file), bundled, where, unset);
}

async function loadModule(file: string, bundled: BundledTaskResolver): Promise<LoadedSuite> {
  const module = await importModule(file);
  const exported = module.default;
  if (!isSuiteDefinition(exported) && (typeof exported !== 'object' || exported === null)) {
    throw new ConfigError([
      { file, path: 'default export', message: 'expected `export default defineSuite({...})`' },
    ]);
  }
  return finish(exported, file, dirname(file), bundled, () => null);
}

/** Imports a TS or JS module; TypeScript goes through tsx, loaded only when needed. */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  registerSelfResolve();
  try {
    if (/\.(m?ts)$/.test(file)) {
      const { tsImport } = await import('tsx/esm/api');
      return unwrapInterop(
        (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>,
      );
    }
    return unwrapInterop((await import(pathToFileURL(file).href)) as Record<string, unknown>);
  } catch (error) {
    throw new ConfigError([
      { file, path: '', message: `cannot load module: ${(error as Error).message.split('\n')[0]}` },
    ]);
  }
}

/**
 * A TypeScript file outside an ESM package is compiled as CommonJS, and its
 * namespace then nests the real exports under `default`; flatten that.
 */
function unwrapInterop(namespace: Record<string, unknown>): Record<string, unknown> {
  const inner = namespace.default;
  if (
    typeof inner === 'object' &&
    inner !== null &&
    (inner as { __esModule?: boolean }).__esModule === true
  ) {
    return inner as Record<string, unknown>;
  }
  return namespace;
}

async function finish(
  input: unknown,
  file: string,
  baseDir: string,
  bundled: BundledTaskResolver,
  where: (path: PropertyKey[]) => string | null,
  earlier: Array<{ path: PropertyKey[]; message: string }> = [],
): Promise<LoadedSuite> {
  const issues: ConfigIssue[] = [];
  const add = (path: PropertyKey[], message: string): void => {
    const line = where(path);
    issues.push({ file: line ? `${file}:${line}` : file, path: formatPath(path), message });
  };
  for (const issue of earlier) add(issue.path, issue.message);
  // Task objects (TS suites) are checked by shape; the rest by the schema.
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const rawTasks = Array.isArray(raw.tasks) ? raw.tasks : undefined;
  const taskObjects = new Map<number, unknown>();
  const forSchema = { ...raw };
  if (rawTasks) {
    forSchema.tasks = rawTasks.map((task, index) => {
      if (
        typeof task === 'object' &&
        task !== null &&
        typeof (task as { agent?: unknown }).agent === 'function'
      ) {
        taskObjects.set(index, task);
        return { use: `__object_${index}` };
      }
      return task;
    });
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    add([], 'expected a mapping with name, tasks and fabrics');
    throw new ConfigError(issues);
  }
  const parsed = suiteSchema.safeParse(forSchema, { reportInput: true });
  if (!parsed.success) {
    for (const issue of flattenIssues(parsed.error.issues)) add(issue.path, issue.message);
    // A misspelt bundled task is as much a problem of this file as a schema one: report it now too.
    for (const [index, task] of (rawTasks ?? []).entries()) {
      const use = (task as { use?: unknown } | null)?.use;
      if (typeof use === 'string' && !taskObjects.has(index) && (await bundled(use)) === undefined)
        add(['tasks', index, 'use'], unknownBundledTask(use));
    }
    throw new ConfigError(issues);
  }
  const config = parsed.data;
  resolveSimulatorFabrics(config, baseDir, add);
  checkReferences(config, add);
  const tasks: TaskDefinition[] = [];
  for (const [index, ref] of config.tasks.entries()) {
    const task = await resolveTask(ref, index, taskObjects, baseDir, bundled, add);
    if (task) tasks.push(task);
  }
  checkTasks(config, tasks, add);
  if (issues.length > 0) throw new ConfigError(issues);
  return { file: file.startsWith('(') ? null : file, config, tasks };
}

/**
 * A simulator fabric path is relative to the suite file, as `module:` paths
 * are, not to wherever `run` was started; one that is not there is a
 * problem of this file, reported with the others.
 */
function resolveSimulatorFabrics(
  config: SuiteConfig,
  baseDir: string,
  add: (path: PropertyKey[], message: string) => void,
): void {
  for (const [fabricName, fabric] of Object.entries(config.fabrics)) {
    for (const [endpointName, endpoint] of Object.entries(fabric.endpoints)) {
      if (endpoint.type !== 'simulator' || endpoint.fabric === undefined) continue;
      if (endpoint.fabric.startsWith('builtin:')) continue;
      const file = resolve(baseDir, endpoint.fabric);
      if (!existsSync(file)) {
        add(
          ['fabrics', fabricName, 'endpoints', endpointName, 'fabric'],
          `simulator fabric file ${file} does not exist (paths are relative to the suite file; or use builtin:<name>)`,
        );
      }
      endpoint.fabric = file;
    }
  }
}

async function resolveTask(
  ref: TaskRef,
  index: number,
  objects: Map<number, unknown>,
  baseDir: string,
  bundled: BundledTaskResolver,
  add: (path: PropertyKey[], message: string) => void,
): Promise<TaskDefinition | undefined> {
  const path = ['tasks', index];
  let candidate: unknown;
  if (objects.has(index)) {
    candidate = objects.get(index);
  } else if ('use' in ref) {
    candidate = await bundled(ref.use);
    if (candidate === undefined) {
      add([...path, 'use'], unknownBundledTask(ref.use));
      return undefined;
    }
  } else {
    const file = resolve(baseDir, ref.module);
    let module: Record<string, unknown>;
    try {
      module = await importModule(file);
    } catch (error) {
      add([...path, 'module'], (error as Error).message);
      return undefined;
    }
    candidate = module[ref.export];
    if (candidate === undefined) {
      add(
        [...path, 'export'],
        `module ${ref.module} has no export "${ref.export}" (it exports: ${Object.keys(module).join(', ') || 'nothing'})`,
      );
      return undefined;
    }
  }
  const problems = validateTaskDefinition(candidate);
  for (const problem of problems) add([...path, ...problem.path], problem.message);
  if (problems.length > 0) return undefined;
  const task = candidate as TaskDefinition;
  const maxCases = 'maxCases' in ref ? ref.maxCases : undefined;
  return maxCases === undefined ? task : limitCases(task, maxCases);
}

function unknownBundledTask(name: string): string {
  return `no bundled task "${name}"; bundled tasks are: support, docs-qa, sql-analyst, code-fix, research`;
}

function limitCases(task: TaskDefinition, maxCases: number): TaskDefinition {
  const cases = task.cases;
  return {
    ...task,
    cases: Array.isArray(cases)
      ? cases.slice(0, maxCases)
      : async (seed: number) => (await cases(seed)).slice(0, maxCases),
  };
}

function checkReferences(config: SuiteConfig, add: (path: PropertyKey[], message: string) => void): void {
  const fabricNames = Object.keys(config.fabrics);
  if (config.fabric !== undefined && !fabricNames.includes(config.fabric)) {
    add(['fabric'], `no fabric "${config.fabric}"; fabrics defined: ${fabricNames.join(', ')}`);
  }
  for (const [fabricName, fabric] of Object.entries(config.fabrics)) {
    const endpoints = Object.keys(fabric.endpoints);
    for (const [role, binding] of Object.entries(fabric.roles)) {
      if (!endpoints.includes(binding.endpoint)) {
        add(
          ['fabrics', fabricName, 'roles', role, 'endpoint'],
          `no endpoint "${binding.endpoint}" in fabric "${fabricName}"; its endpoints are: ${endpoints.join(', ') || 'none'}`,
        );
      }
    }
  }
}

function checkTasks(
  config: SuiteConfig,
  tasks: TaskDefinition[],
  add: (path: PropertyKey[], message: string) => void,
): void {
  const seen = new Set<string>();
  for (const [index, task] of tasks.entries()) {
    if (seen.has(task.name))
      add(['tasks', index], `two tasks are named "${task.name}"; task names must be unique`);
    seen.add(task.name);
  }
  for (const [fabricName, fabric] of Object.entries(config.fabrics)) {
    for (const task of tasks) {
      const missing = task.roles.filter((role) => !(role in fabric.roles));
      if (missing.length > 0) {
        add(
          ['fabrics', fabricName, 'roles'],
          `task "${task.name}" uses role${missing.length > 1 ? 's' : ''} ${missing.map((role) => `"${role}"`).join(', ')}, which fabric "${fabricName}" does not serve`,
        );
      }
    }
  }
}
