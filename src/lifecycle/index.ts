/** How commands end: what is open, staying up until a signal, and the final safety exit. */
export { closeAllOpen, openResourceNames, trackOpen } from './open-resources.js';
export { describeOpenHandles, exitWhenDone, noteLeftOpen } from './safety-exit.js';
export { untilStopped } from './until-stopped.js';
