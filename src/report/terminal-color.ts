import pc from 'picocolors';

type Colors = ReturnType<typeof pc.createColors>;

/**
 * Whether to colour what goes to `stream`, by the conventions users set once
 * for every tool: NO_COLOR (no-color.org) turns colour off whatever else is
 * set; FORCE_COLOR turns it on off a terminal (`0` or `false` turns it off);
 * otherwise colour only on a terminal that is not `dumb`.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** picocolors bound to the decision for `stream`, so stderr and stdout decide apart. */
export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Colors {
  return pc.createColors(colorEnabled(stream, env));
}
