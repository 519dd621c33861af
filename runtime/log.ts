// The runtime log: what Logger.log, console and the runtime itself say, in memory and optionally a file.

import fs from 'node:fs';

export type LogLevel = 'info' | 'warn' | 'error';

export interface LogLine {
  at: number;
  level: LogLevel;
  source: string;
  message: string;
}

export interface RuntimeLogOptions {
  /** Appended to, one line per entry. */
  file?: string;
  /** Also print to the terminal. */
  echo?: boolean;
  /** How many lines to keep in memory. */
  keep?: number;
}

export class RuntimeLog {
  readonly lines: LogLine[] = [];
  private readonly options: RuntimeLogOptions;

  constructor(options: RuntimeLogOptions = {}) {
    this.options = options;
  }

  write(level: LogLevel, source: string, message: string): void {
    const line: LogLine = { at: Date.now(), level, source, message };
    this.lines.push(line);
    const keep = this.options.keep ?? 2000;
    if (this.lines.length > keep) this.lines.splice(0, this.lines.length - keep);
    const text = `${new Date(line.at).toISOString()} ${level.toUpperCase()} [${source}] ${message}`;
    if (this.options.file) fs.appendFileSync(this.options.file, text + '\n');
    if (this.options.echo) (level === 'error' ? console.error : console.log)(text);
  }

  info(source: string, message: string): void {
    this.write('info', source, message);
  }

  warn(source: string, message: string): void {
    this.write('warn', source, message);
  }

  error(source: string, message: string): void {
    this.write('error', source, message);
  }
}

/** Logger.log and console.* arguments as one line, objects as JSON. */
export function formatLogArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error || (typeof a === 'object' && a !== null && 'stack' in a && 'message' in a)) {
        return String((a as Error).stack ?? (a as Error).message);
      }
      try {
        return JSON.stringify(a) ?? String(a);
      } catch {
        return String(a);
      }
    })
    .join(' ');
}
