/** The agentperf.yaml `init` writes: one task module, the embedded simulator, levels 1 and 4. */
export function scaffoldSuiteYaml(name: string): string {
  return `# yaml-language-server: $schema=./node_modules/agentperf/schema/agentperf.schema.json
# A benchmark suite. Run it with: npx agentperf run (in this directory) or npx agentperf run agentperf.yaml
# The simulator stands in for model servers; replace the fabric with your endpoints to measure real ones.
name: ${name}
tasks:
  - module: ./task.ts
fabrics:
  sim:
    endpoints:
      sim:
        type: simulator
        fabric: builtin:gpu-pool
    roles:
      worker:
        endpoint: sim
        model: llama-3.1-8b
levels: [1, 4]
`;
}
