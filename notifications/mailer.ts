// The SMTP transport (nodemailer) from SMTP_URL. Timeouts are short so that an SMTP server that
// hangs fails the send attempt well inside the delivery activity's timeout, and it is retried.
// (They are transport options: nodemailer's second argument would make them message defaults.)
import nodemailer, { type Transporter } from 'nodemailer';

export type Mailer = Transporter;

export function createMailer(smtpUrl: string): Mailer {
  return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 } as never);
}
