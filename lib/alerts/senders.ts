// Sends one message to one channel. Failures throw with what the channel said.
import nodemailer from 'nodemailer';
import type { ChannelConfig } from './schemas';
import { type AlertMessage, emailContent, sign, slackBody } from './payload';

const TIMEOUT_MS = 10_000;

async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  // No redirects: a channel URL that redirects elsewhere is a misconfiguration, not a hop to follow.
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await res.text().catch(() => '');
  if (res.status < 200 || res.status >= 300)
    throw Object.assign(new Error(`HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`), {
      status: res.status,
    });
  return res.status;
}

export async function send(config: ChannelConfig, message: AlertMessage): Promise<number | null> {
  switch (config.type) {
    case 'webhook': {
      const body = JSON.stringify(message);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const headers: Record<string, string> = { 'user-agent': 'Redline-Alerts', 'x-redline-timestamp': timestamp };
      if (config.secret) headers['x-redline-signature'] = sign(config.secret, timestamp, body);
      return post(config.url, body, headers);
    }
    case 'slack':
      return post(config.url, JSON.stringify(slackBody(message)), { 'user-agent': 'Redline-Alerts' });
    case 'email': {
      const transport = nodemailer.createTransport({
        host: config.host,
        port: config.port,
        secure: config.secure,
        auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      });
      const { subject, text } = emailContent(message);
      await transport.sendMail({ from: config.from, to: config.to, subject, text });
      transport.close();
      return null;
    }
  }
}
