import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Store } from './db/connect';

/** Exit codes of every `sanxiang` command (issue 2): 0 ok, 1 failure found, 2 bad usage. */
export const exit = { ok: 0, failure: 1, usage: 2 } as const;

export interface CommandContext {
  config: Config;
  clock: Clock;
  out(line: string): void;
  err(line: string): void;
  /**
   * The open store. In the command's own process it is opened on first use (taking the DATA_DIR
   * lock); when the command is served by a running server it is the server's store.
   */
  store(): Promise<Store>;
}

export interface Command {
  /** words after `sanxiang`, e.g. ['journal', 'verify'] */
  path: string[];
  summary: string;
  /** usage line after the path, e.g. '<date> <n>' */
  usage?: string;
  /** longer Chinese help shown by --help */
  help?: string;
  options?: ParseArgsConfig['options'];
  /** Whether a running server that owns DATA_DIR may run this command for the CLI. */
  servable: boolean;
  /** positionals that name files: made absolute against the caller's directory before a running server runs the command */
  pathPositionals?: readonly number[];
  run(args: { positionals: string[]; values: Record<string, unknown> }, ctx: CommandContext): Promise<number>;
}

export class UsageError extends Error {}

export function parseCommandArgs(cmd: Command, argv: string[]) {
  try {
    const parsed = parseArgs({ args: argv, options: cmd.options ?? {}, allowPositionals: true, strict: true });
    return { positionals: parsed.positionals, values: parsed.values as Record<string, unknown> };
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** The argv with the command's file positionals made absolute (a served command runs in the server's directory). */
export function withAbsolutePaths(cmd: Command, argv: string[], resolvePath: (p: string) => string): string[] {
  if (!cmd.pathPositionals?.length) return argv;
  let positionals: string[];
  try {
    positionals = parseCommandArgs(cmd, argv.slice(cmd.path.length)).positionals;
  } catch {
    return argv;
  }
  const files = new Set(cmd.pathPositionals.map((i) => positionals[i]).filter((p): p is string => p !== undefined));
  return argv.map((a, i) => (i >= cmd.path.length && files.has(a) ? resolvePath(a) : a));
}
