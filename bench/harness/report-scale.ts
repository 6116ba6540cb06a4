export async function reportScale(): Promise<void> {
  console.log('report-scale: not yet');
}
