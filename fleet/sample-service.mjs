// Redline's sample service: the default fleet command, so a new user sees real traffic at once.
// Plain Node, no dependencies. PORT comes from the fleet provider. Endpoints:
//   GET /health        200 while serving (503 once draining)
//   GET /?work=ms      burns CPU for `work` ms (default 2, at most 1000) and says who answered
//   GET|POST /echo     the request headers as received (X-Forwarded-*, traceparent) and the body's length
//   GET /metrics       Prometheus text: requests, CPU seconds, resident memory, in flight
import http from 'node:http';

const port = Number(process.env.PORT ?? 4000);
const id = process.env.INSTANCE_ID ?? `sample-${port}`;
let requests = 0;
let inFlight = 0;
let draining = false;

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://sample.local');
  if (url.pathname === '/health') {
    res.writeHead(draining ? 503 : 200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ ok: !draining, id }));
  }
  if (url.pathname === '/metrics') {
    const cpu = process.cpuUsage();
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    return res.end(
      [
        '# TYPE sample_requests_total counter',
        `sample_requests_total ${requests}`,
        '# TYPE process_cpu_seconds_total counter',
        `process_cpu_seconds_total ${(cpu.user + cpu.system) / 1e6}`,
        '# TYPE process_resident_memory_bytes gauge',
        `process_resident_memory_bytes ${process.memoryUsage().rss}`,
        '# TYPE sample_in_flight gauge',
        `sample_in_flight ${inFlight}`,
        '',
      ].join('\n'),
    );
  }
  requests++;
  inFlight++;
  res.on('close', () => inFlight--);
  if (url.pathname === '/echo') {
    let bytes = 0;
    req.on('data', (c) => (bytes += c.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, headers: req.headers, bytes }));
    });
    return;
  }
  const work = Math.min(1_000, Math.max(0, Number(url.searchParams.get('work') ?? 2) || 0));
  const sleep = Math.min(10_000, Math.max(0, Number(url.searchParams.get('sleep') ?? 0) || 0));
  const until = performance.now() + work;
  while (performance.now() < until); // real CPU work, as a request handler would do
  setTimeout(() => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id, pid: process.pid, port }));
  }, sleep);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => console.log(`[sample] ${id} listening on 127.0.0.1:${port}`));

// Graceful stop: fail health checks, finish what is in flight, then exit.
process.on('SIGTERM', () => {
  draining = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
});
