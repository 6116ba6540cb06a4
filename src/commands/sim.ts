import { colorsFor } from '../report/index.js';
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';
import { untilStopped } from '../lifecycle/index.js';
import { startSimulator } from '../sim/index.js';

/**
 * `agentperf sim`: runs the simulated inference fabric as a standalone
 * OpenAI-compatible server on loopback until SIGINT/SIGTERM.
 */
export async function simCommand(options: {
  port?: number;
  host?: string;
  fabric?: string;
  seed?: number;
  /** Listen on a --host that is not loopback (warned about: the simulator has no authentication). */
  allowRemote?: boolean;
  /** Stops the server like SIGINT does (for library callers and tests). */
  signal?: AbortSignal;
}): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    if (!options.allowRemote)
      throw new UsageError(
        `--host ${host} is not a loopback address: the simulator would be reachable from other machines`,
        'use 127.0.0.1 or ::1, or add --allow-remote if that is what you want',
      );
    process.stderr.write(
      `agentperf: warning: the simulator listens on ${host}, reachable from other machines, with no authentication\n`,
    );
  }
  const pc = colorsFor(process.stdout);
  const simulator = await startSimulator({
    fabric: options.fabric ?? 'builtin:gpu-pool',
    seed: options.seed ?? 0,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
  });
  const rows = simulator.models.map((model) => {
    const deployment = simulator.deployment(model)!;
    return [model, deployment.kind, deployment.placement];
  });
  const widths = [0, 1, 2].map((column) =>
    Math.max(...[['model', 'kind', 'placement'], ...rows].map((row) => row[column]!.length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  // Listening for Ctrl-C before the banner: a signal sent the moment the base URL is read must
  // stop the simulator (exit 0), not kill it (Node's default when no listener is installed yet).
  const stopped = untilStopped(options.signal);
  process.stdout.write(
    `${pc.bold('agentperf simulator')} ${pc.yellow('(simulated: no real model runs here)')}\n`,
  );
  process.stdout.write(`base URL: ${pc.cyan(simulator.baseUrl)}\n`);
  process.stdout.write(`fabric:   ${options.fabric ?? 'builtin:gpu-pool'}\n\n`);
  process.stdout.write(`${pc.dim(line(['model', 'kind', 'placement']))}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  process.stdout.write(`\nmetrics: ${simulator.baseUrl.replace(/\/v1$/, '/metrics')}   (Ctrl-C to stop)\n`);
  await stopped;
  await simulator.close();
}

/** 127.0.0.0/8, ::1 and localhost. */
function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
