import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { startWorker } from '../../src/start-worker.js';
import { testMemo } from './fixtures/memo-shared.js';

describe('memoAcrossThreads', () => {
  it('hands a value built on the main thread to workers started after it, decoded; other seeds are built there', async () => {
    const { shared, counter } = testMemo('main');
    expect(shared(7)).toBe(shared(7));
    expect(counter.builds).toBe(1);
    const worker = startWorker('memo-worker', new URL('./fixtures/memo-worker.ts', import.meta.url).href);
    const [reply] = (await once(worker, 'message')) as [
      { seven: { builtOn: string; has: boolean }; eight: string; builds: number },
    ];
    await worker.terminate();
    // Seed 7 came from the main thread (as a Set again); seed 8 was never built there, so the worker built it.
    expect(reply).toEqual({ seven: { builtOn: 'main', has: true }, eight: 'worker', builds: 1 });
  });
});
