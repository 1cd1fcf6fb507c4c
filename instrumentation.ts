// Next.js runs register() once when a server instance starts: the platform boots here.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { boot } = await import('./lib/server/boot');
    await boot();
  }
}
