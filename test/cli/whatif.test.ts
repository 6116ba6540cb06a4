import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults, SpanRecord, TaskRecord } from '../../src/spec/index.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
let recordedDir = '';

function jsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

beforeAll(async () => {
  const result = await runCli(
    [
      'run',
      '--fabric',
      'sim-gpu-pool',
      '--task',
      'support',
      '--levels',
      '1,4',
      '--tasks',
      '8',
      '--out',
      'runs',
      '--quiet',
    ],
    { cwd: dir.path },
  );
  expect(result.code, result.stderr).toBe(0);
  const [runId] = readdirSync(join(dir.path, 'runs')).filter(
    (name) => !name.endsWith('.db') && !name.includes('.db-'),
  );
  recordedDir = join(dir.path, 'runs', runId!);
}, 120_000);

afterAll(() => dir.remove());

describe('agentperf whatif', () => {
  it('predicts a recorded run on another fabric and writes a run directory labelled predicted', async () => {
    const result = await runCli(
      ['whatif', recordedDir, '--fabric', 'sim-heterogeneous', '--out', 'predicted'],
      {
        cwd: dir.path,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('PREDICTED (not measured)');
    const [runId] = readdirSync(join(dir.path, 'predicted')).filter((name) => !name.includes('-placements.'));
    const out = join(dir.path, 'predicted', runId!);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as RunResults;
    const recorded = JSON.parse(readFileSync(join(recordedDir, 'results.json'), 'utf8')) as RunResults;
    expect(results.predicted).toBe(true);
    expect(results.prediction?.fromRun).toBe(recorded.runId);
    // Only a recorded level whose harness warned borrows another's overhead (none, on a quiet machine).
    const warned = recorded.levels
      .filter((level) => level.harness.warnings.length > 0)
      .map((level) => level.label);
    for (const label of Object.keys(results.prediction?.overheadFrom ?? {})) expect(warned).toContain(label);
    if (warned.length === 0) expect(results.prediction?.overheadFrom).toEqual({});
    expect(results.fabric).toBe('sim-heterogeneous');
    expect(results.levels.map((level) => level.label)).toEqual(['c1', 'c4']);
    const tasks = jsonLines<TaskRecord>(join(out, 'tasks.jsonl'));
    const recordedTasks = jsonLines<TaskRecord>(join(recordedDir, 'tasks.jsonl'));
    expect(tasks.length).toBe(recordedTasks.length);
    // Tokens and outcomes are kept; the model steps ran on the target's hardware.
    const spans = jsonLines<SpanRecord>(join(out, 'spans.jsonl'));
    const chats = spans.filter((span) => span.kind === 'chat');
    expect(chats.length).toBeGreaterThan(0);
    expect(new Set(chats.map((span) => span.placement))).toEqual(new Set(['decode-asic']));
    expect(results.levels[0]!.tasksPassed).toBe(recorded.levels[0]!.tasksPassed);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('PREDICTED: no task ran on this fabric');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('PREDICTED');
    // The recorded run beside its prediction, each row labelled.
    const placements = readFileSync(join(dir.path, 'predicted', `${recorded.runId}-placements.md`), 'utf8');
    expect(placements).toContain('measured, simulated');
    expect(placements).toContain('predicted, simulated');
    expect(placements).toMatch(/sim-heterogeneous \| c4 \| predicted, simulated \| [0-9.]+ (ms|s) \|/);
  }, 60_000);

  it('predicts other agent counts from the nearest recorded level', async () => {
    const result = await runCli(
      ['whatif', recordedDir, '--fabric', 'builtin:gpu-pool', '--levels', '2,8', '--out', 'levels'],
      { cwd: dir.path },
    );
    expect(result.code, result.stderr).toBe(0);
    const [runId] = readdirSync(join(dir.path, 'levels')).filter((name) => !name.includes('-placements.'));
    const results = JSON.parse(
      readFileSync(join(dir.path, 'levels', runId!, 'results.json'), 'utf8'),
    ) as RunResults;
    expect(results.levels.map((level) => level.concurrency)).toEqual([2, 8]);
  }, 60_000);

  it("does not predict a recorded level's own harness delay: a warned level borrows a quiet level's overhead", async () => {
    const warnedDir = join(dir.path, 'warned-run');
    cpSync(recordedDir, warnedDir, { recursive: true });
    const recorded = JSON.parse(readFileSync(join(warnedDir, 'results.json'), 'utf8')) as RunResults;
    // c1 quiet, c4 warned, whatever the machine did while the fixture ran.
    recorded.levels[0]!.harness.warnings = [];
    recorded.levels[1]!.harness.warnings = ['harness event-loop lag p99 was 41 ms (limit 20 ms)'];
    writeFileSync(join(warnedDir, 'results.json'), JSON.stringify(recorded));
    const result = await runCli(['whatif', warnedDir, '--fabric', 'sim-heterogeneous', '--out', 'warned'], {
      cwd: dir.path,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('note: the recorded harness warned at c4');
    const [runId] = readdirSync(join(dir.path, 'warned')).filter((name) => !name.includes('-placements.'));
    const results = JSON.parse(
      readFileSync(join(dir.path, 'warned', runId!, 'results.json'), 'utf8'),
    ) as RunResults;
    expect(results.prediction?.overheadFrom).toEqual({ c4: 'c1' });
    expect(results.prediction?.overheadMs.c4).toEqual(results.prediction?.overheadMs.c1);
  }, 60_000);

  it('refuses a fabric that is neither simulated nor of the suite with the reason and the fix, exit 2', async () => {
    const result = await runCli(['whatif', recordedDir, '--fabric', 'nope'], { cwd: dir.path });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('fix: use builtin:gpu-pool');
    expect(result.stderr).toContain('--fabric nope');
    const unmapped = await runCli(
      ['whatif', recordedDir, '--fabric', 'builtin:gpu-pool', '--model', 'worker=gpt-9'],
      {
        cwd: dir.path,
      },
    );
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toContain('serves no model "gpt-9"');
  }, 60_000);
});
