// Pure: OTLP log severities (1–24 in six ranges), for the views and filters; no decoder behind it, so pages can import it.
/** A severity number's name. */
export function severityName(n: number): 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL' | 'UNSET' {
  if (n <= 0) return 'UNSET';
  if (n <= 4) return 'TRACE';
  if (n <= 8) return 'DEBUG';
  if (n <= 12) return 'INFO';
  if (n <= 16) return 'WARN';
  if (n <= 20) return 'ERROR';
  return 'FATAL';
}
