import type { Document } from 'yaml';
import { ConfigError } from '../errors.js';

/**
 * Most alias expansions a suite or fabric file may make (the yaml
 * package's own default, stated here so it is a decision): enough for any
 * real file's anchors, far too few for a "billion laughs" file, which is
 * refused in milliseconds instead of filling memory.
 */
export const MAX_YAML_ALIAS_COUNT = 100;

/** The plain value of a parsed YAML document; an alias bomb or other unconvertible document is a ConfigError naming the file. */
export function yamlValue(document: Document, file: string): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    const bomb = /alias/i.test(message);
    throw new ConfigError(
      [
        {
          file,
          path: '',
          message: bomb
            ? `YAML aliases expand too far (more than ${MAX_YAML_ALIAS_COUNT} alias expansions, as in a "billion laughs" file); refused before use`
            : `YAML: ${message.split('\n')[0]}`,
        },
      ],
      bomb ? 'write the repeated values out, or use far fewer anchors and aliases' : undefined,
    );
  }
}
