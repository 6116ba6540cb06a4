import { ChatDeployment, type Deployment } from '../deployment.js';

/** GET /metrics: Prometheus text with vLLM's metric names, one label set per served model. */
export function renderMetrics(deployments: Map<string, Deployment>): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, values: Array<[string, number]>) => {
    lines.push(`# HELP ${name} ${help} (simulated)`, `# TYPE ${name} ${type}`);
    for (const [model, value] of values) lines.push(`${name}{model_name="${model}"} ${value}`);
  };
  const chat = [...deployments.values()].filter(
    (deployment): deployment is ChatDeployment => deployment instanceof ChatDeployment,
  );
  const sum = (deployment: ChatDeployment, pick: (replica: ChatDeployment['replicas'][number]) => number) =>
    deployment.replicas.reduce((total, replica) => total + pick(replica), 0);
  const each = (pick: (replica: ChatDeployment['replicas'][number]) => number): Array<[string, number]> =>
    chat.map((deployment) => [deployment.config.name, sum(deployment, pick)]);
  metric(
    'vllm:num_requests_running',
    'gauge',
    'Sequences in the running batch',
    each((replica) => replica.running.length),
  );
  metric(
    'vllm:num_requests_waiting',
    'gauge',
    'Sequences waiting for admission',
    each((replica) => replica.waiting.length),
  );
  metric(
    'vllm:kv_cache_usage_perc',
    'gauge',
    'Fraction of KV cache reserved by running sequences',
    chat.map((deployment) => [
      deployment.config.name,
      sum(deployment, (replica) => replica.kvUsedTokens) /
        (deployment.config.kvCapacityTokens * deployment.replicas.length),
    ]),
  );
  metric(
    'vllm:prompt_tokens_total',
    'counter',
    'Prompt tokens admitted',
    each((replica) => replica.counters.promptTokens),
  );
  metric(
    'vllm:generation_tokens_total',
    'counter',
    'Tokens generated',
    each((replica) => replica.counters.generationTokens),
  );
  metric(
    'vllm:prefix_cache_queries_total',
    'counter',
    'Prompt tokens looked up in the prefix cache',
    each((replica) => replica.counters.prefixQueryTokens),
  );
  metric(
    'vllm:prefix_cache_hits_total',
    'counter',
    'Prompt tokens served from the prefix cache',
    each((replica) => replica.counters.prefixHitTokens),
  );
  metric(
    'vllm:request_success_total',
    'counter',
    'Requests finished',
    each((replica) => replica.counters.requestsFinished),
  );
  const batch = [...deployments.values()].filter((deployment) => !(deployment instanceof ChatDeployment));
  metric(
    'agentperf_sim:batch_prompt_tokens_total',
    'counter',
    'Embedding/rerank input tokens processed',
    batch.map((deployment) => [
      deployment.config.name,
      deployment.replicas.reduce((total, replica) => total + replica.counters.promptTokens, 0),
    ]),
  );
  metric(
    'agentperf_sim:batch_requests_total',
    'counter',
    'Embedding/rerank requests finished',
    batch.map((deployment) => [
      deployment.config.name,
      deployment.replicas.reduce((total, replica) => total + replica.counters.requestsFinished, 0),
    ]),
  );
  return `${lines.join('\n')}\n`;
}
