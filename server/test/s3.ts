import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error s3rver ships no types; used only here, as the S3-compatible server of the tests
import S3rver from 's3rver';

export interface S3Harness {
  endpoint: string;
  bucket: string;
  /** what buildTestApp / loadConfig take to use it: BLOB_STORE, S3_ENDPOINT and s3rver's keys */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** The same server in a child process: prints its port, then serves until killed. */
const childScript = `
const S3rver = require('s3rver');
const [directory, bucket] = process.argv.slice(1);
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] })
  .run().then((a) => process.stdout.write(a.port + '\\n'));
`;

/**
 * s3rver, the S3-compatible server of the tests (issue 9 §1: CI runs the blob tests against S3
 * too): a random port on the loopback, a temp directory, the bucket made at start, no logging.
 * In this process by default; `{ separate: true }` runs it in a child process, for tests that
 * measure this process's memory (s3rver's own buffers would otherwise count as ours).
 * `stop()` closes it and removes the directory.
 */
export async function startS3(options: { bucket?: string; prefix?: string; separate?: boolean } = {}): Promise<S3Harness> {
  const bucket = options.bucket ?? 'sanxiang-test';
  const directory = mkdtempSync(join(tmpdir(), 'sanxiang-s3-'));
  let port: number;
  let close: () => Promise<void>;
  if (options.separate) {
    const child: ChildProcess = spawn(process.execPath, ['-e', childScript, directory, bucket], { stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`s3rver exited (${code})`)));
      child.stdout?.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    });
    close = () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill();
      });
  } else {
    const server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      configureBuckets: [{ name: bucket, configs: [] }],
    });
    port = ((await server.run()) as AddressInfo).port;
    close = () => server.close();
  }
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      BLOB_STORE: `s3://${bucket}/${options.prefix ?? 'blobs'}`,
      S3_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    },
    async stop() {
      await close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
