export { SeededRandom, deriveSeed } from './random.js';
export { closeTo, dollars, numbersIn } from './numbers.js';
export { memoAcrossThreads, memoBySeed, type ThreadWire } from './memo.js';
export { codeBlockIn } from './code-block.js';
export { codenames } from './codenames.js';
export { embedAll } from './embed-all.js';
