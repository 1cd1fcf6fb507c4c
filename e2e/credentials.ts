export const ADMIN = { email: 'admin@redline.test', password: 'e2e-admin-password' };
export const SQLITE_URL = 'http://127.0.0.1:3100';
export const PG_URLS = ['http://127.0.0.1:3101', 'http://127.0.0.1:3102'] as const;
export const FRESH_URL = 'http://127.0.0.1:3103';
// (3104 is taken by the lifecycle specs' own servers; each server's proxy listens on its port + 80)
export const KUBE_URL = 'http://127.0.0.1:3105';
