// The delivery-URL signing key: DELIVERY_SIGNING_SECRET, or a random key made once and kept in
// data/delivery-secret (owner-only), so a single instance works without configuration.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config } from '../config';
import { once, slot } from '../process/registry';

/** the signing key of delivery URLs */
export const DELIVERY_SECRET = slot<string>('deliverySecret');

export function deliverySecret(): string {
  return once(DELIVERY_SECRET, () => config().DELIVERY_SIGNING_SECRET || secretFromFile());
}

function secretFromFile(): string {
  const file = path.resolve('data', 'delivery-secret');
  let secret: string;
  try {
    secret = readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    secret = randomBytes(32).toString('hex');
    // 'wx': if another process made it first, use theirs.
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    } catch {
      secret = readFileSync(file, 'utf8').trim();
    }
  }
  return secret;
}
