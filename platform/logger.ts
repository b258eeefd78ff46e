// Structured JSON logs (pino): one line per HTTP request and per workflow transition.
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL || 'info', name = 'pilotflow'): Logger {
  return pino({
    name,
    level,
    // Never log secrets, even if a caller passes a whole request or user object.
    redact: [
      'password',
      '*.password',
      'passwordHash',
      '*.passwordHash',
      'token',
      '*.token',
      'req.headers.authorization',
    ],
  });
}
