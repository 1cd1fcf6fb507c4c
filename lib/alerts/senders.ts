// Sends one message to one channel, through the outbound address policy of its kind. Failures
// throw with a status or error code; the remote end's reply is never kept.
import nodemailer from 'nodemailer';
import { outboundRequest, resolveOutbound } from '../net/outbound';
import { type AlertMessage, emailContent, sign, slackBody } from './payload';
import type { ChannelConfig } from './schemas';

const TIMEOUT_MS = 10_000;
const MAX_REPLY_BYTES = 64 * 1024;

/** POST JSON to a webhook-like channel. No redirects: a channel URL that redirects is misconfigured. */
export async function postJson(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await outboundRequest('webhook', url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    maxBytes: MAX_REPLY_BYTES,
    timeoutMs: TIMEOUT_MS,
  });
  if (res.status < 200 || res.status >= 300)
    throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status });
  return res.status;
}

/** An SMTP transport connected to the address the policy checked (TLS still verifies the host name). */
export async function smtpTransport(config: Extract<ChannelConfig, { type: 'email' }>) {
  const address = await resolveOutbound('smtp', config.host);
  return nodemailer.createTransport({
    host: address,
    port: config.port,
    secure: config.secure,
    tls: { servername: config.host },
    auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
}

export async function send(config: ChannelConfig, message: AlertMessage): Promise<number | null> {
  switch (config.type) {
    case 'webhook': {
      const body = JSON.stringify(message);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = { 'user-agent': 'Redline-Alerts', 'x-redline-timestamp': timestamp };
      if (config.secret) headers['x-redline-signature'] = sign(config.secret, timestamp, body);
      return postJson(config.url, body, headers);
    }
    case 'slack':
      return postJson(config.url, JSON.stringify(slackBody(message)), { 'user-agent': 'Redline-Alerts' });
    case 'email': {
      const transport = await smtpTransport(config);
      const { subject, text } = emailContent(message);
      try {
        await transport.sendMail({ from: config.from, to: config.to, subject, text });
      } finally {
        transport.close();
      }
      return null;
    }
  }
}
