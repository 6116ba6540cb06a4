export async function openLoopLateness(): Promise<void> {
  console.log('open-loop-lateness: not yet');
}
