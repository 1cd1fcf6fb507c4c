import { route } from '@/lib/api/route';
import { listUsers } from '@/lib/auth/admin';
import { createUserBody } from '@/lib/auth/schemas';
import { createUser } from '@/lib/auth/service';

// GET /api/users – all users (admin)
export const GET = route({ role: 'admin' }, async () => ({ data: await listUsers() }));

// POST /api/users – creates a user with a role (admin)
export const POST = route({ role: 'admin', body: createUserBody, action: 'users.create' }, async ({ body }) =>
  Response.json(await createUser(body), { status: 201 }),
);
