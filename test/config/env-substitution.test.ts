import { describe, expect, it } from 'vitest';
import { type MissingVariable, substituteEnv } from '../../src/config/env-substitution.js';

const ref = (body: string): string => `\${${body}}`;

describe('substituteEnv', () => {
  const env = { HOST: '127.0.0.1', EMPTY: '' };

  it('replaces references in nested strings, leaves keys and other values alone', () => {
    const missing: MissingVariable[] = [];
    const input = { [ref('HOST')]: 1, list: [`http://${ref('HOST')}:8000/v1`, 3, true] };
    const output = substituteEnv(input, env, missing) as Record<string, unknown>;
    expect(output).toEqual({ [ref('HOST')]: 1, list: ['http://127.0.0.1:8000/v1', 3, true] });
    expect(input.list[0]).toBe(`http://${ref('HOST')}:8000/v1`);
    expect(missing).toEqual([]);
  });

  it('uses defaults as Compose does: ":-" also for empty, "-" only for unset', () => {
    const missing: MissingVariable[] = [];
    expect(substituteEnv(ref('EMPTY:-x'), env, missing)).toBe('x');
    expect(substituteEnv(ref('EMPTY-x'), env, missing)).toBe('');
    expect(substituteEnv(ref('UNSET-y'), env, missing)).toBe('y');
    expect(substituteEnv('cost $$5', env, missing)).toBe('cost $5');
    expect(missing).toEqual([]);
  });

  it('collects every unset variable with its path', () => {
    const missing: MissingVariable[] = [];
    substituteEnv({ a: ref('ONE'), b: [ref('TWO')] }, env, missing);
    expect(missing).toEqual([
      { path: ['a'], variable: 'ONE' },
      { path: ['b', 0], variable: 'TWO' },
    ]);
  });
});
