// A typed API client for specs: signs in like the browser does and sends the CSRF token.
import { type APIRequestContext, type APIResponse, test as base, expect, type Page, request } from '@playwright/test';
import { ADMIN } from './credentials';

export class Api {
  private constructor(
    readonly ctx: APIRequestContext,
    readonly baseURL: string,
    private readonly csrf: string,
  ) {}

  get csrfToken(): string {
    return this.csrf;
  }

  static async signIn(baseURL: string, creds: { email: string; password: string } = ADMIN): Promise<Api> {
    // A context of its own, never the project's signed-in browser state (a cookie would make the sign-in a change needing CSRF).
    const ctx = await request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const res = await ctx.post('/api/auth/login', { data: creds });
    expect(res.status(), await res.text()).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return new Api(ctx, baseURL, csrfToken);
  }

  get(path: string): Promise<APIResponse> {
    return this.ctx.get(path);
  }

  send(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    data?: unknown,
    headers: Record<string, string> = {},
  ): Promise<APIResponse> {
    return this.ctx.fetch(path, {
      method,
      data,
      headers: { 'x-csrf-token': this.csrf, origin: this.baseURL, ...headers },
    });
  }

  async createUser(role: 'viewer' | 'operator' | 'admin'): Promise<{ email: string; password: string }> {
    const email = `${role}-${Date.now()}-${Math.floor(performance.now())}@redline.test`;
    const password = `${role}-password-123`;
    const res = await this.send('POST', '/api/users', { email, name: `${role} user`, role, password });
    expect(res.status(), await res.text()).toBe(201);
    return { email, password };
  }

  /** The session cookie, for clients other than Playwright's (EventSource-style streaming). */
  async cookieHeader(): Promise<string> {
    const { cookies } = await this.ctx.storageState();
    return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  dispose(): Promise<void> {
    return this.ctx.dispose();
  }
}

/** Signs in through the real form. */
export async function signInUi(page: Page, creds: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(creds.email);
  await page.getByLabel('Password').fill(creds.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/overview/);
}

export const test = base.extend<{ adminApi: Api }>({
  adminApi: async ({ baseURL }, use) => {
    const api = await Api.signIn(baseURL ?? '');
    await use(api);
    await api.dispose();
  },
});
export { expect };
