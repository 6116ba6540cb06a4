/**
 * A last line of defence for secrets: every API key the run reads is
 * registered here, and every error message that reaches a record, a report
 * or the terminal passes through redact().
 */
const secrets = new Set<string>();

/** Registers a secret value (ignored when too short to be a real key). */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= 8) secrets.add(value);
}

/** Replaces every registered secret (and bearer tokens) in text. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  // Secrets the run never registered (a key inside an error body, a URL the agent built) still have known shapes.
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1[redacted]')
    .replace(
      /((?:authorization|x-api-key|api-key|x-goog-api-key)["']?\s*[:=]\s*["']?)(?!Bearer\s)[^\s"',;]{8,}/gi,
      '$1[redacted]',
    )
    .replace(/([?&](?:api[_-]?key|key|token|access_token)=)[^&\s"']{8,}/gi, '$1[redacted]')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)(?!\*+@)[^\s@/]+@/gi, '$1[redacted]@')
    .replace(/\b(sk-(?:ant-|proj-)?)[A-Za-z0-9_-]{16,}/g, '$1[redacted]');
}
