import { chmodSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';

export type CommandRunner = (argv: string[], io: { out(l: string): void; err(l: string): void }) => Promise<number>;

/**
 * A local Unix socket (mode 0600, in DATA_DIR) on which the running server executes CLI commands,
 * so that `sanxiang journal verify` works while the server owns the embedded store instead of
 * opening it a second time (DESIGN.md: one owner per data directory).
 */
export function startAdminSocket(path: string, run: CommandRunner): Promise<Server> {
  try {
    unlinkSync(path); // left by a crashed server; we hold the DATA_DIR lock, so it is not live
  } catch {}
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/cli') {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', async () => {
      let out = '';
      let err = '';
      let exitCode: number;
      try {
        const { argv } = JSON.parse(body) as { argv: string[] };
        if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) throw new Error('argv');
        exitCode = await run(argv, { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) });
      } catch (e) {
        exitCode = 1;
        err += `服务器执行命令失败：${(e as Error).message}\n`;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ exitCode, stdout: out, stderr: err }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      chmodSync(path, 0o600);
      resolve(server);
    });
  });
}
