/** A `${VAR}` in a suite file whose variable is not set (and has no default). */
export interface MissingVariable {
  path: PropertyKey[];
  variable: string;
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` in every string of a parsed suite file with the value
 * from the environment, as Docker Compose does: `${VAR:-default}` when VAR is
 * unset or empty, `${VAR-default}` when unset, `$$` for a literal `$`. Keys
 * are left alone; a reference to an unset variable without a default is
 * collected (all of them, with their paths), never silently emptied.
 * Returns a new value; the input is not changed.
 */
export function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  missing: MissingVariable[],
  path: PropertyKey[] = [],
): unknown {
  if (typeof value === 'string') return substituteString(value, env, missing, path);
  if (Array.isArray(value))
    return value.map((item, index) => substituteEnv(item, env, missing, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[key] = substituteEnv(item, env, missing, [...path, key]);
    return out;
  }
  return value;
}

function substituteString(
  text: string,
  env: NodeJS.ProcessEnv,
  missing: MissingVariable[],
  path: PropertyKey[],
): string {
  if (!text.includes('$')) return text;
  return text.replace(
    REFERENCE,
    (match: string, variable: string | undefined, fallback: string | undefined) => {
      if (match === '$$') return '$';
      const name = variable!;
      const set = env[name];
      const emptyCountsAsUnset = match.includes(':-');
      if (set !== undefined && !(emptyCountsAsUnset && set === '')) return set;
      if (fallback !== undefined) return fallback;
      missing.push({ path, variable: name });
      return match;
    },
  );
}
