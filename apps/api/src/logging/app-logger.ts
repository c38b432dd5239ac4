import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/environment';
import { logDestination } from './log-destination';

// Nest's level names to pino's.
const PINO_LEVELS: Record<LogLevel, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** The one pino logger of the app: Nest's lines (through nestjs-pino) and the request lines. */
export const appLogger = (level: LogLevel): Logger => pino({ level: PINO_LEVELS[level] }, logDestination());
