// I/O: answers written straight to Node's response by the lean paths the custom server serves
// before Next.js (signed delivery, the images API's token read), in the API's error envelope.
import type { ServerResponse } from 'node:http';

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: Buffer | string,
): void {
  res.writeHead(status, { 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

export function fail(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  send(
    res,
    status,
    { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    JSON.stringify({ error: { code, message } }),
  );
}
