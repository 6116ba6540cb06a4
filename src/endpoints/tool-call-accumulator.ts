import type { ToolCall } from '../spec/index.js';

/**
 * Builds tool calls from streamed deltas. Calls are keyed by index, but
 * servers differ: some reuse index 0 for every call, so a delta bearing a
 * new id at an index that already holds a call with another id starts a new
 * call. A delta without an index (some servers omit it) continues the call
 * with its id, or else the latest call.
 */
export class ToolCallAccumulator {
  private readonly calls: ToolCall[] = [];
  private readonly byIndex = new Map<number, ToolCall>();

  /** Applies one delta. */
  add(
    index: number | undefined,
    id: string | null | undefined,
    name: string | null | undefined,
    args: string | null | undefined,
  ): void {
    const call = this.target(index, id ?? undefined);
    if (name) {
      // Some servers repeat the full name on every delta; others send it once.
      if (call.name === '') call.name = name;
      else if (call.name !== name) call.name += name;
    }
    if (args) call.arguments += args;
  }

  /** The calls in the order they started; calls without an id get a stable synthetic one. */
  result(): ToolCall[] {
    for (let position = 0; position < this.calls.length; position++) {
      const call = this.calls[position]!;
      if (call.id === '') call.id = `call_${position}`;
    }
    return this.calls;
  }

  private target(index: number | undefined, id: string | undefined): ToolCall {
    if (index === undefined) {
      const byId = id === undefined ? undefined : this.calls.find((call) => call.id === id);
      const latest = byId ?? (id === undefined ? this.calls[this.calls.length - 1] : undefined);
      return latest ?? this.start(this.calls.length, id);
    }
    const current = this.byIndex.get(index);
    if (current === undefined) return this.start(index, id);
    if (id !== undefined && id !== '' && current.id !== '' && current.id !== id) return this.start(index, id);
    if (id !== undefined && current.id === '') current.id = id;
    return current;
  }

  private start(index: number, id: string | undefined): ToolCall {
    const call: ToolCall = { id: id ?? '', name: '', arguments: '' };
    this.calls.push(call);
    this.byIndex.set(index, call);
    return call;
  }
}
