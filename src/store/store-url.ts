import { registerSecret } from '../redact.js';

/** True when a --store value names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(reference: string): boolean {
  return /^postgres(ql)?:\/\//i.test(reference);
}

/**
 * The URL as it may be shown: the password replaced, never printed. The
 * password is also registered with redact(), so an error message quoting
 * the URL cannot leak it either.
 */
export function displayStoreUrl(reference: string): string {
  if (!isPostgresUrl(reference)) return reference;
  try {
    const url = new URL(reference);
    if (url.password !== '') {
      registerSecret(decodeURIComponent(url.password));
      url.password = '***';
    }
    for (const key of [...url.searchParams.keys()])
      if (/pass|secret|key|token/i.test(key)) url.searchParams.set(key, '***');
    return url.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
