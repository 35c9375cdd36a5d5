import { type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(options: {
  level: string;
  format?: 'json' | 'pretty' | undefined;
  production: boolean;
}): Logger {
  const pretty = options.format ? options.format === 'pretty' : !options.production && process.stdout.isTTY;
  return pino({
    level: options.level,
    base: { service: 'refund-desk' },
    redact: { paths: ['*.token', '*.password', '*.secret', 'req.headers.authorization'], censor: '[redacted]' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' },
          },
        }
      : {}),
  });
}
