// The SMTP transport (nodemailer) from SMTP_URL, and the one way the activities hand it a message:
// with a hard deadline. The transport's timeouts are short so that an SMTP server that hangs fails
// the send well inside the delivery activity's heartbeat timeout; but the socket timeout only
// measures silence, so a server that answers slowly enough could keep a send alive for good. The
// deadline is what bounds it: past it the send is aborted and its socket destroyed, so nothing of
// that message leaves this process afterwards — which is what a row's reservation relies on
// (see LEASE_MS in notifications/outbox.ts).
// (The timeouts are transport options: nodemailer's second argument would make them message defaults.)
import nodemailer, { type SendMailOptions, type SentMessageInfo, type Transporter } from 'nodemailer';

export type Mailer = Transporter;

const CONNECTION_TIMEOUT_MS = 5_000; // the DNS lookup and the TCP connection
const GREETING_TIMEOUT_MS = 5_000; // the server's 220 (nodemailer cuts it to what is left of the connection's)
const SOCKET_TIMEOUT_MS = 10_000; // any one silence afterwards

/**
 * The longest a message is ever in flight: connection, greeting and one full socket timeout. A
 * server slower than that (one that answers each command just inside the socket timeout) has its
 * send aborted at this deadline rather than the transport's.
 */
export const SEND_DEADLINE_MS = CONNECTION_TIMEOUT_MS + GREETING_TIMEOUT_MS + SOCKET_TIMEOUT_MS;

export function createMailer(smtpUrl: string): Mailer {
  return nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    // an aborted send destroys its socket at once: end() would first flush what is still buffered
    socketCloseTimeout: 0,
  } as never);
}

/**
 * Sends one message, aborting it when `signal` fires (the caller's deadline): the transport then
 * tears its connection down and the promise rejects with an AbortError. Bytes handed to the
 * kernel before the abort may still arrive; nothing is written after it.
 */
export function sendWithin(mailer: Mailer, message: SendMailOptions, signal: AbortSignal): Promise<SentMessageInfo> {
  // nodemailer 10 honours `signal` (its SMTP transport supportsAbortSignal); @types/nodemailer 8 does not know it yet
  return mailer.sendMail({ ...message, signal } as SendMailOptions);
}
