import { z } from 'zod';

/**
 * The network between the agent's host and another host, as plain data:
 * what the loopback relay applies on the real call path, and what a
 * discrete-event simulator can replay with virtual time (see
 * src/sim/network/link-delay.ts for the model itself).
 */
export const networkLinkSchema = z
  .object({
    rttMs: z
      .number()
      .nonnegative()
      .describe(
        'Round-trip time between the agent host and this host, ms: half is added to every message each way.',
      ),
    jitterMs: z
      .number()
      .nonnegative()
      .default(0)
      .describe(
        'Standard deviation of the round trip, ms (normal; each direction draws its own part, sd jitterMs/√2; a one-way delay never goes below 0).',
      ),
    bandwidthMbps: z
      .number()
      .positive()
      .optional()
      .describe(
        'Link rate, megabits per second: a message also waits bytes × 8 / rate, and messages queue behind each other. Absent: unlimited.',
      ),
  })
  .strict();

/** Where one tool runs, seen from the agent loop. */
export const toolPlacementSchema = z
  .object({
    host: z
      .string()
      .min(1)
      .describe('Label of the host the tool runs on, shown on its spans and in reports (e.g. "search-api").'),
    network: networkLinkSchema
      .optional()
      .describe(
        'The network between the agent host and this host (simulated). Absent: the tool runs beside the agent, with no network applied.',
      ),
  })
  .strict();

/**
 * Where the agent loop and each tool run. Absent (or a tool not listed):
 * the tool runs in the agent's process and nothing is added to its calls.
 */
export const fabricPlacementSchema = z
  .object({
    agent: z
      .string()
      .min(1)
      .default('local')
      .describe(
        'Label of the host the agent loop (orchestration) runs on, shown in reports (e.g. "h100-host", "cpu-host").',
      ),
    tools: z
      .record(z.string().min(1), toolPlacementSchema)
      .default({})
      .describe(
        'Placement per tool name. A placed tool with a network still executes for real; its calls travel a loopback relay that holds the bytes for the modelled time.',
      ),
  })
  .strict();

export type NetworkLink = z.infer<typeof networkLinkSchema>;
export type ToolPlacement = z.infer<typeof toolPlacementSchema>;
export type FabricPlacement = z.infer<typeof fabricPlacementSchema>;
