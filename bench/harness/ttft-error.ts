export async function ttftError(): Promise<void> {
  console.log('ttft-error: not yet');
}
