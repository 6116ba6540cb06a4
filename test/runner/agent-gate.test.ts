import { describe, expect, it } from 'vitest';
import { AgentGate } from '../../src/runner/index.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AgentGate', () => {
  it('lets small levels overlap and makes a full-size level wait for the others, first come first served', async () => {
    const gate = new AgentGate(64);
    const order: string[] = [];
    const a1 = await gate.acquire(1);
    const b1 = await gate.acquire(1);
    const c1 = await gate.acquire(1);
    // 61 permits left: a 64-agent level waits; a 16-agent level asked for after it waits behind it.
    const a64 = gate.acquire(64).then((release) => {
      order.push('a64');
      return release;
    });
    const b16 = gate.acquire(16).then((release) => {
      order.push('b16');
      return release;
    });
    await tick();
    expect(order).toEqual([]);
    a1();
    b1();
    await tick();
    expect(order).toEqual([]);
    c1();
    await tick();
    expect(order).toEqual(['a64']);
    (await a64)();
    await tick();
    expect(order).toEqual(['a64', 'b16']);
    (await b16)();
  });

  it('never grants more than its capacity, and a release counts once', async () => {
    const gate = new AgentGate(4);
    const first = await gate.acquire(100); // capped at the capacity
    let granted = false;
    const second = gate.acquire(1).then((release) => {
      granted = true;
      return release;
    });
    await tick();
    expect(granted).toBe(false);
    first();
    first();
    await tick();
    expect(granted).toBe(true);
    const third = await gate.acquire(3);
    let fourth = false;
    void gate.acquire(1).then(() => {
      fourth = true;
    });
    await tick();
    // 1 + 3 permits held of 4: the double release above did not free extra room.
    expect(fourth).toBe(false);
    third();
    (await second)();
  });

  it('stops waiting when the run is interrupted', async () => {
    const gate = new AgentGate(2);
    const held = await gate.acquire(2);
    const stop = new AbortController();
    const waiting = gate.acquire(1, stop.signal);
    stop.abort();
    const release = await waiting;
    release();
    held();
    // Everything released: the whole capacity is free again.
    const all = await gate.acquire(2);
    all();
  });
});
