// The one place that reads process.env: parsed and validated once, then shared.
import { type Env, parseEnv } from './env-schema';

let cached: Env | undefined;

export function config(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that start a second configuration in the same process. */
export function resetConfigForTests(): void {
  cached = undefined;
}

export { ConfigError, redisUrlOf, type Env } from './env-schema';
