import type { FabricPlacement } from '../config/index.js';
import type { PlacedCallOutcome, ToolImplementation } from '../spec/index.js';
import { AgentperfError } from '../errors.js';
import { placedTool, startToolHost } from '../tools/index.js';
import type { PlannedTask } from './case-plan.js';
import { type NetworkThread, startNetworkThread } from './network-thread.js';
import { deriveSeed } from './random.js';

/** The tools of every task as the fabric placed them, and how to stop their hosts and relays. */
export interface PlacedTools {
  /** Per task name: its tools, placed ones wrapped. */
  byTask: Map<string, ToolImplementation[]>;
  close(): Promise<void>;
}

/**
 * Places each task's tools as the fabric says. A tool placed with a network
 * runs behind a loopback tool host (same process, real HTTP) with a network
 * relay in front that holds its bytes for the link's delay, so each call pays
 * the network on the real path. The relays run in one thread of their own
 * (network-worker.ts), so harness load does not stretch their delays. A tool placed without a network keeps its
 * in-process call and only carries the host label. Tools the placement does
 * not name are untouched: with no placement, nothing changes.
 */
export async function placeTools(
  planned: readonly PlannedTask[],
  placement: FabricPlacement | undefined,
  seed: number,
): Promise<PlacedTools> {
  const closers: Array<() => Promise<void>> = [];
  const byTask = new Map<string, ToolImplementation[]>();
  const close = async () => {
    await Promise.allSettled(closers.reverse().map((closer) => closer()));
  };
  let network: NetworkThread | null = null;
  try {
    for (const { task } of planned) {
      const tools = (task.tools ?? []) as ToolImplementation[];
      const placed: ToolImplementation[] = [];
      for (const tool of tools) {
        const where = placement?.tools[tool.name];
        if (where === undefined) {
          placed.push(tool);
        } else if (where.network === undefined) {
          placed.push(labelled(tool, where.host));
        } else {
          const toolHost = await startToolHost([tool]);
          closers.push(() => toolHost.close());
          if (network === null) {
            const thread = startNetworkThread();
            network = thread;
            closers.unshift(() => thread.close());
          }
          const relay = await network.relay(
            { host: '127.0.0.1', port: toolHost.port },
            where.network,
            deriveSeed(seed, 'network', task.name, tool.name),
          );
          const client = placedTool(tool, { host: where.host, address: relay, toolHost });
          closers.push(() => client.close());
          placed.push(client.tool);
        }
      }
      byTask.set(task.name, placed);
    }
  } catch (error) {
    await close();
    throw new AgentperfError(
      'config',
      `could not start the tool hosts of the fabric's placement: ${(error as Error).message}`,
    );
  }
  return { byTask, close };
}

/** A tool that runs beside the agent but is shown on the host the placement names. */
function labelled(tool: ToolImplementation, host: string): ToolImplementation {
  return {
    ...tool,
    placed: {
      host,
      async call(args, env): Promise<PlacedCallOutcome> {
        try {
          return { ok: true, value: await tool.call(args, env), networkMs: null };
        } catch (error) {
          const known = AgentperfError.is(error) && error.kind === 'tool';
          return { ok: false, error: (error as Error).message ?? String(error), known, networkMs: null };
        }
      },
    },
  };
}
