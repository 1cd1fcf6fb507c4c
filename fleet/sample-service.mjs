// Redline's sample service: the default fleet command, so a new user sees real traffic at once.
// Plain Node, no dependencies. PORT comes from the fleet provider. Endpoints:
//   GET /health        200 while serving (503 once draining)
//   GET /?work=ms      burns CPU for `work` ms (default 2, at most 1000) and says who answered
//   GET|POST /echo     the request headers as received (X-Forwarded-*, traceparent) and the body's length
//   GET /metrics       Prometheus text: requests, CPU seconds, resident memory, in flight
//   GET /leak?kb=n     keeps n KB (default 16) per request for good: a planted leak to find
import http from 'node:http';

const port = Number(process.env.PORT ?? 4000);
const id = process.env.INSTANCE_ID ?? `sample-${port}`;
let requests = 0;
let inFlight = 0;
let draining = false;

/** CPU work as a request handler would do it, in a function of its own so profiles name it. */
function burnCpu(ms) {
  const until = performance.now() + ms;
  let x = 0;
  while (performance.now() < until) for (let i = 0; i < 2_000; i++) x += Math.sqrt(i * x + 1);
  return x;
}

// The planted leak: every /leak request adds an entry nothing ever removes.
class RetainedRequest {
  constructor(kb) {
    this.at = Date.now();
    this.payload = new Array(kb * 16).fill('x'.repeat(48)).join('');
  }
}
const retained = [];

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
  if (url.pathname === '/leak') {
    retained.push(new RetainedRequest(Math.min(1_024, Math.max(1, Number(url.searchParams.get('kb') ?? 16) || 16))));
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ id, retained: retained.length }));
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
  if (work) burnCpu(work);
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
