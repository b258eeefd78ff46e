// The embedded SMTP sink: a real SMTP server (smtp-server) that stands in for the departments' mail
// servers in development, the demo and the tests. It accepts every message, parses it (mailparser)
// and keeps it in the SinkMessage table, which an admin reads through /api/outbox. Nothing it
// receives goes any further.
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Db } from '../platform/db';
import type { Logger } from '../platform/logger';

export interface MailSink {
  port: number;
  url: string;
  stop(): Promise<void>;
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? '')).filter(Boolean);

export async function startMailSink(opts: { db: Db; logger: Logger; port?: number; host?: string }): Promise<MailSink> {
  const host = opts.host ?? '127.0.0.1';
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'], // loopback only
    banner: 'pilotflow embedded SMTP sink',
    size: 10 * 1024 * 1024,
    logger: false,
    async onData(stream, session, callback) {
      try {
        // textAsHtml (the text part linkified into HTML) is never stored: the message's own HTML part is
        const mail = await simpleParser(stream, { skipTextToHtml: true });
        await opts.db.sinkMessage.create({
          data: {
            messageId: mail.messageId ?? null,
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: typeof mail.html === 'string' ? mail.html : '',
          },
        });
        opts.logger.debug({ messageId: mail.messageId, to: addresses(mail.to) }, 'sink received mail');
        callback();
      } catch (err) {
        opts.logger.error({ err }, 'sink could not store mail');
        callback(Object.assign(new Error('Temporary failure storing the message'), { responseCode: 451 }));
      }
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  server.on('error', (err) => opts.logger.error({ err }, 'sink error'));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://${host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
