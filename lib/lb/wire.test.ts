import { describe, expect, it } from 'vitest';
import { chunkHeader, plainResponse, requestHead, responseHead } from './wire';

const base = { status: 200, reason: 'OK', bodiless: false, http11: true, keepAlive: true };

describe('response heads', () => {
  it('keeps a known length and drops hop-by-hop headers, whatever their case', () => {
    const r = responseHead({
      ...base,
      headers: [
        'Content-Type',
        'text/plain',
        'Content-Length',
        '5',
        'Connection',
        'keep-alive',
        'Keep-Alive',
        'timeout=5',
        'X-Id',
        'a',
      ],
    });
    expect(r.framing).toBe('length');
    expect(r.keepAlive).toBe(true);
    expect(r.head).toBe('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nX-Id: a\r\n\r\n');
  });

  it('re-chunks a body of unknown length for HTTP/1.1 clients, and delimits it by closing for HTTP/1.0 ones', () => {
    const chunked = responseHead({ ...base, headers: ['Transfer-Encoding', 'chunked'] });
    expect(chunked.framing).toBe('chunked');
    expect(chunked.head).toContain('transfer-encoding: chunked\r\n');
    const old = responseHead({ ...base, http11: false, headers: [] });
    expect(old).toMatchObject({ framing: 'close', keepAlive: false });
    expect(old.head).toContain('connection: close\r\n');
  });

  it('says keep-alive to HTTP/1.0 clients that asked for it, and close to those that did not', () => {
    expect(responseHead({ ...base, http11: false, headers: ['Content-Length', '0'] }).head).toContain(
      'connection: keep-alive\r\n',
    );
    expect(responseHead({ ...base, keepAlive: false, headers: ['Content-Length', '0'] }).head).toContain(
      'connection: close\r\n',
    );
  });

  it('sends no body framing for HEAD answers and 204/304, and adds the proxy’s own headers', () => {
    const r = responseHead({
      ...base,
      status: 304,
      reason: 'Not Modified',
      bodiless: true,
      headers: ['ETag', '"x"'],
      extra: ['set-cookie', 'lb=a'],
    });
    expect(r.framing).toBe('none');
    expect(r.head).toBe('HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nset-cookie: lb=a\r\n\r\n');
  });
});

describe('request heads and framing', () => {
  it('writes the request line, the headers, a host when the client sent none, and chunked framing', () => {
    expect(
      requestHead('POST', '/a?b=1', ['content-type', 'text/plain'], { chunked: true, host: '127.0.0.1:4001' }),
    ).toBe(
      'POST /a?b=1 HTTP/1.1\r\ncontent-type: text/plain\r\nhost: 127.0.0.1:4001\r\ntransfer-encoding: chunked\r\n\r\n',
    );
    expect(requestHead('GET', '/', ['Host', 'x'], { chunked: false })).toBe('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  });

  it('sizes chunks in hex and answers with a byte length', () => {
    expect(chunkHeader(255)).toBe('ff\r\n');
    expect(plainResponse(503, 'Service Unavailable', 'é', { 'retry-after': '1' }, false)).toBe(
      'HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-length: 2\r\nconnection: close\r\n\r\né',
    );
  });
});
