import { describe, expect, it } from 'vitest';
import { keepUnlessChanged, MASK, redactUrl } from './redact';

describe('redactUrl', () => {
  it.each([
    ['https://hooks.slack.com/services/T000/B000/XXXXSECRET', `https://hooks.slack.com/${MASK}`],
    ['https://example.com/hook?token=SECRET', `https://example.com/${MASK}`],
    ['https://user:SECRET@example.com/', `https://example.com/${MASK}`],
    ['https://example.com/', 'https://example.com/'],
    ['http://10.0.0.5:8080', 'http://10.0.0.5:8080/'],
  ])('a destination %s shows as %s', (raw, shown) => {
    expect(redactUrl(raw, 'destination')).toBe(shown);
  });

  it.each([
    ['http://10.0.0.5:9100/metrics', 'http://10.0.0.5:9100/metrics'],
    ['http://u:SECRET@10.0.0.5:9100/metrics', `http://${MASK}@10.0.0.5:9100/metrics`],
    ['https://x.test/metrics?token=SECRET&a=b', `https://x.test/metrics?token=${MASK}&a=${MASK}`],
  ])('an endpoint %s shows as %s', (raw, shown) => {
    expect(redactUrl(raw, 'endpoint')).toBe(shown);
    expect(redactUrl(raw, 'endpoint')).not.toContain('SECRET');
  });

  it('is never the input when it cannot be parsed', () => {
    expect(redactUrl('not a url SECRET', 'endpoint')).toBe(MASK);
  });

  it('keeps the stored URL when an edit sends its masked form back', () => {
    const stored = 'https://hooks.slack.com/services/T/B/SECRET';
    expect(keepUnlessChanged(redactUrl(stored, 'destination'), stored, 'destination')).toBe(stored);
    expect(keepUnlessChanged('https://hooks.slack.com/services/new', stored, 'destination')).toBe(
      'https://hooks.slack.com/services/new',
    );
  });
});
