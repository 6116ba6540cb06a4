/**
 * Prints the functions with the most self time in a .cpuprofile, summed per
 * function and file, as shares of all sampled time (idle and GC shown apart).
 *
 *   node --import tsx bench/harness/top-self-time.ts FILE.cpuprofile [N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const file = process.argv[2];
if (file === undefined) {
  console.error('usage: top-self-time.ts FILE.cpuprofile [N]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const node = byId.get(id)!;
  const delta = profile.timeDeltas[index] ?? 0;
  total += delta;
  const url = node.callFrame.url.replace(/^.*\/(node_modules\/|src\/|bench\/)/, '$1');
  const key = `${node.callFrame.functionName || '(anonymous)'} ${url}`.trim();
  selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
});
const idle = selfUs.get('(idle)') ?? 0;
const busy = total - idle;
console.log(
  `busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled; shares of busy time:`,
);
const top = [...selfUs].filter(([key]) => key !== '(idle)').sort((a, b) => b[1] - a[1]);
for (const [key, us] of top.slice(0, Number(process.argv[3] ?? 15))) {
  console.log(`${((us / busy) * 100).toFixed(1).padStart(5)} %  ${key}`);
}
