// zod schemas of the auth, users and tokens API bodies.
import { z } from 'zod';
import { roleSchema } from './roles';

const email = z.email({ error: 'expected an email address' }).max(254);
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(256);

export const loginBody = z.strictObject({ email: z.string().max(254), password: z.string().max(256) });
export const setupBody = z.strictObject({ email, name: z.string().trim().min(1).max(100), password: passwordSchema });
export const createUserBody = z.strictObject({
  email,
  name: z.string().trim().min(1).max(100),
  role: roleSchema,
  password: passwordSchema,
});
export const updateUserBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    role: roleSchema,
    password: passwordSchema,
    disabled: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: roleSchema,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const idParams = z.strictObject({ id: z.string().min(1).max(64) });

/** GET /api/auth/session's answer. */
export const sessionResponse = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: roleSchema }).nullable(),
  csrfToken: z.string().nullable(),
  setupRequired: z.boolean(),
});
