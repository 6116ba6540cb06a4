export async function manyAgents(): Promise<void> {
  console.log('many-agents: not yet');
}
