// Imported first by tests whose stand-ins (webhooks, SMTP, scrape targets, CDN probes) listen on
// 127.0.0.1: opens loopback for those destinations, as an operator would with the
// outbound.allowRanges.* settings. Without it the outbound policy refuses them (tests/integration/outbound.test.ts).
for (const kind of ['SCRAPE', 'WEBHOOK', 'SMTP', 'CDN_HEALTH'])
  process.env[`OUTBOUND_ALLOW_RANGES_${kind}`] = '127.0.0.0/8,::1/128';
