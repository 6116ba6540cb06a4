import { describe, expect, it } from 'vitest';
import { DeadlineQueue } from '../../src/endpoints/deadline-queue.js';

function later(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('DeadlineQueue: one timer for every call of a client', () => {
  it('expires unsettled calls in the order they started, and only those', async () => {
    let now = 0;
    const queue = new DeadlineQueue(10, () => now);
    const expired: string[] = [];
    const first = queue.add(() => expired.push('first'));
    now = 2;
    const second = queue.add(() => expired.push('second'));
    now = 4;
    queue.add(() => expired.push('third'));
    queue.settle(second);
    now = 11;
    // The timer was armed for the head (due at 10 of the fake clock, 10 real ms away).
    await later(30);
    expect(expired).toEqual(['first']);
    expect(first.settled).toBe(true);
    now = 20;
    await later(10);
    expect(expired).toEqual(['first', 'third']);
  });

  it('does not fire for calls that settled, even when all settle before the deadline', async () => {
    const queue = new DeadlineQueue(5);
    const expired: number[] = [];
    const entries = Array.from({ length: 3000 }, (_, index) => queue.add(() => expired.push(index)));
    for (const entry of entries) queue.settle(entry);
    await later(20);
    expect(expired).toEqual([]);
    // And a new call after a drained queue still gets its deadline.
    queue.add(() => expired.push(-1));
    await later(30);
    expect(expired).toEqual([-1]);
  });
});
