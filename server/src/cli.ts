import { request } from 'node:http';
import { resolve } from 'node:path';
import { caseFileCommands } from './modules/cases';
import { backupCommands } from './platform/backup';
import { blobCommands } from './platform/blobs';
import { calendarCommands } from './platform/calendar/cli';
import { systemClock } from './platform/clock';
import { type Command, type CommandContext, exit, parseCommandArgs, UsageError, withAbsolutePaths } from './platform/command';
import { loadConfig } from './platform/config';
import { openStore, type Store } from './platform/db/connect';
import { liveHolder, StoreLockedError } from './platform/db/lock';
import { migrate } from './platform/db/migrate';
import { journalCommands } from './platform/journal/cli';
import { platformCommands, setServeHooks } from './platform-commands';
import { type RunningServer, startServer } from './server';

/** The `sanxiang` command: every command, found by the longest matching path. */
export const commands: Command[] = [
  ...platformCommands,
  ...journalCommands,
  ...blobCommands,
  ...calendarCommands,
  ...caseFileCommands,
  ...backupCommands,
];

function findCommand(argv: string[]): { cmd: Command; rest: string[] } | undefined {
  let best: { cmd: Command; rest: string[] } | undefined;
  for (const cmd of commands) {
    if (cmd.path.every((w, i) => argv[i] === w) && (!best || cmd.path.length > best.cmd.path.length)) {
      best = { cmd, rest: argv.slice(cmd.path.length) };
    }
  }
  return best;
}

function usageOf(cmd: Command): string {
  return `sanxiang ${cmd.path.join(' ')}${cmd.usage ? ` ${cmd.usage}` : ''}`;
}

/** The usage, then the summary on its own line: fits an 80-column terminal, Chinese aligned. */
const listing = (cmds: readonly Command[]) => cmds.flatMap((c) => [`  ${usageOf(c)}`, `      ${c.summary}`]);

export function globalHelp(): string {
  return [
    '用法：sanxiang <命令> [参数]    （每个命令都可加 --help）',
    '',
    ...listing(commands),
    '',
    '环境变量：DATA_DIR（嵌入式数据库目录，默认 ./data）',
    '          DATABASE_URL（使用 PostgreSQL）、PORT、HOST',
    '退出码：0 成功，1 发现问题或执行失败，2 用法错误',
  ].join('\n');
}

function commandHelp(cmd: Command): string {
  const opts = Object.entries(cmd.options ?? {}).map(([name, o]) => `  --${name}${o.type === 'string' ? ' <值>' : ''}`);
  return [
    `用法：${usageOf(cmd)}`,
    '',
    cmd.summary,
    ...(cmd.help ? ['', cmd.help] : []),
    ...(opts.length ? ['', '选项：', ...opts] : []),
  ].join('\n');
}

export interface RunIo {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Runs one command line against a given store provider. The CLI process and the server's admin
 * socket (which serves CLI commands while the server owns DATA_DIR) both come through here.
 */
export async function runCommandLine(argv: string[], io: RunIo, store: () => Promise<Store>, served = false): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(globalHelp());
    return argv.length === 0 ? exit.usage : exit.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    // `sanxiang journal` alone: name the subcommands of that group rather than "unknown command"
    const group = commands.filter((c) => c.path.length > 1 && c.path[0] === argv[0]);
    if (group.length && argv.length === 1) io.err(`"sanxiang ${argv[0]}" 需要子命令：\n\n${listing(group).join('\n')}`);
    else io.err(`未知命令：${argv.join(' ')}\n\n${globalHelp()}`);
    return exit.usage;
  }
  const { cmd, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(cmd));
    return exit.ok;
  }
  if (served && !cmd.servable) {
    io.err(`命令 "${cmd.path.join(' ')}" 不能在运行中的服务器内执行。`);
    return exit.failure;
  }
  let args: ReturnType<typeof parseCommandArgs>;
  try {
    args = parseCommandArgs(cmd, rest);
  } catch (e) {
    io.err(`参数错误：${(e as Error).message}\n${commandHelp(cmd)}`);
    return exit.usage;
  }
  const ctx: CommandContext = { config: loadConfig(), clock: systemClock, out: io.out, err: io.err, store };
  try {
    return await cmd.run(args, ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`参数错误：${e.message}\n${commandHelp(cmd)}`);
      return exit.usage;
    }
    io.err(e instanceof StoreLockedError ? e.message : `执行失败：${(e as Error).message}`);
    return exit.failure;
  }
}

/** `sanxiang serve` / `demo`: runs until SIGINT or SIGTERM, then closes the store and the lock. */
async function serve(demo: boolean): Promise<number> {
  let server: RunningServer | undefined;
  server = await startServer({
    config: loadConfig(),
    demo,
    runCommand: (argv, io) => {
      const running = server;
      if (!running) return Promise.resolve(exit.failure);
      return runCommandLine(argv, io, async () => running.ctx.store, true);
    },
  });
  const running = server;
  return new Promise((resolve) => {
    const shutdown = (signal: string) => {
      running.app.log.info({ signal }, 'shutting down');
      running.stop().then(
        () => resolve(exit.ok),
        () => resolve(exit.failure),
      );
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
}

setServeHooks({ serve });

/** Entry of bin/sanxiang.mjs. */
export async function main(argv: string[]): Promise<number> {
  const io: RunIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
  const config = loadConfig();
  const found = findCommand(argv);
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  // While a server owns the embedded store, a servable command runs inside it (DESIGN.md: one owner).
  if (found?.cmd.servable && !wantsHelp && !config.databaseUrl) {
    const holder = liveHolder(config.dataDir);
    if (holder?.socket)
      return forwardToServer(
        holder.socket,
        withAbsolutePaths(found.cmd, argv, (p) => resolve(p)),
        io,
      );
  }
  let opened: Store | undefined;
  const store = async () => {
    if (!opened) {
      opened = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, purpose: `sanxiang ${argv.join(' ')}` });
      await migrate(opened.db);
    }
    return opened;
  };
  try {
    return await runCommandLine(argv, io, store);
  } finally {
    await opened?.close();
  }
}

function forwardToServer(socketPath: string, argv: string[], io: RunIo): Promise<number> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ argv });
    const req = request(
      {
        socketPath,
        path: '/cli',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => {
          try {
            const r = JSON.parse(text) as { exitCode: number; stdout: string; stderr: string };
            if (r.stdout) process.stdout.write(r.stdout);
            if (r.stderr) process.stderr.write(r.stderr);
            resolve(r.exitCode);
          } catch {
            io.err(`运行中的服务器返回了无法识别的应答：${text.slice(0, 200)}`);
            resolve(exit.failure);
          }
        });
      },
    );
    req.on('error', (e) => {
      io.err(`数据目录正由运行中的服务器使用，但无法通过其管理套接字 ${socketPath} 执行命令：${e.message}`);
      resolve(exit.failure);
    });
    req.end(body);
  });
}
