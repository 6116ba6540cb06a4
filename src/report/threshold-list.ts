import pc from 'picocolors';
import type { ThresholdOutcome } from '../spec/index.js';

/**
 * Every threshold with its outcome, passed ones too (as k6 lists them):
 * `✓` held, `✗` failed or could not be computed. Empty when none was given.
 */
export function renderThresholdList(outcomes: ThresholdOutcome[], options: { color: boolean }): string {
  if (outcomes.length === 0) return '';
  const colors = pc.createColors(options.color);
  const lines = outcomes.map((outcome) =>
    outcome.passed ? `  ${colors.green('✓')} ${outcome.message}` : `  ${colors.red('✗')} ${outcome.message}`,
  );
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  const tally = failed === 0 ? 'all held' : `${failed} of ${outcomes.length} failed`;
  return `${colors.bold('thresholds')} (${tally})\n${lines.join('\n')}`;
}
