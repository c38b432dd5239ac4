import { Logger } from '@nestjs/common';
import { LogLevel, type ILogger } from 'hazelcast-client';

/**
 * hazelcast-client's lines, written through Nest's Logger (so through the app's logger, JSON or
 * not) instead of the client's DefaultLogger, which prints plain text with console.log. The client
 * hands a custom logger every line, so the threshold of `hazelcast.logging.level` is applied here.
 */
export class NestClientLogger implements ILogger {
  private readonly logger = new Logger('HazelcastClient');
  private readonly threshold: LogLevel;

  constructor(level: string) {
    const threshold = LogLevel[level.toUpperCase() as keyof typeof LogLevel];
    if (threshold === undefined) {
      throw new Error(`hazelcast.logging.level must be one of OFF, ERROR, WARN, INFO, DEBUG, TRACE; got "${level}"`);
    }
    this.threshold = threshold;
  }

  log(level: LogLevel, objectName: string, message: string, furtherInfo?: unknown): void {
    if (level > this.threshold) return;
    const line = `${objectName}: ${message}`;
    if (level === LogLevel.ERROR) this.logger.error(line, stackOf(furtherInfo));
    else if (level === LogLevel.WARN) this.logger.warn(withCause(line, furtherInfo));
    else if (level === LogLevel.INFO) this.logger.log(withCause(line, furtherInfo));
    else if (level === LogLevel.DEBUG) this.logger.debug(withCause(line, furtherInfo));
    else this.logger.verbose(withCause(line, furtherInfo));
  }

  error(objectName: string, message: string, furtherInfo?: unknown): void {
    this.log(LogLevel.ERROR, objectName, message, furtherInfo);
  }
  warn(objectName: string, message: string, furtherInfo?: unknown): void {
    this.log(LogLevel.WARN, objectName, message, furtherInfo);
  }
  info(objectName: string, message: string, furtherInfo?: unknown): void {
    this.log(LogLevel.INFO, objectName, message, furtherInfo);
  }
  debug(objectName: string, message: string, furtherInfo?: unknown): void {
    this.log(LogLevel.DEBUG, objectName, message, furtherInfo);
  }
  trace(objectName: string, message: string, furtherInfo?: unknown): void {
    this.log(LogLevel.TRACE, objectName, message, furtherInfo);
  }
}

const stackOf = (info: unknown) => (info instanceof Error ? info.stack : info === undefined ? undefined : String(info));

/** The client passes the error behind a warning as furtherInfo: its message belongs on the line. */
const withCause = (line: string, info: unknown) =>
  info instanceof Error ? `${line} (${info.message})` : info == null ? line : `${line} (${String(info)})`;
