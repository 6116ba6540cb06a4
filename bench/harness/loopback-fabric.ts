/**
 * The one fabric every harness bench suite runs on: an OpenAI-compatible
 * loopback server (role "worker"). Its own module, free of the runner, so
 * suite files that worker threads load can share it.
 */
export function loopbackFabrics(baseUrl = process.env.AGENTPERF_BENCH_URL ?? 'http://127.0.0.1:9') {
  return {
    loopback: {
      endpoints: { api: { type: 'openai' as const, baseUrl } },
      roles: {
        worker: { endpoint: 'api', model: 'loopback', prices: { inputPerMTok: 1, outputPerMTok: 1 } },
      },
    },
  };
}
