// The one place that reads process.env: parsed and validated once, then shared.
import { ConfigError, type Env, parseEnv, publicUrlOf } from './env-schema';

// Module state: the environment parsed once per bundle; every copy holds the same values.
let cached: Env | undefined;

export function config(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For process entry points: a bad value prints what each variable accepts and stops start-up. */
export function configOrExit(): Env {
  try {
    return config();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

export const publicUrl = (): string => publicUrlOf(config());

export { ConfigError, redisUrlOf, type Env } from './env-schema';
