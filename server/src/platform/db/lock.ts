import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded store has exactly one owner (DESIGN.md, PGlite facts): PGlite takes no lock, and a
 * second opener silently loses acknowledged rows or leaves the store unopenable. Every code path
 * that opens DATA_DIR takes this lock first: a pid file created with O_EXCL, plus a liveness check
 * so that a lock left by a crashed process is detected and taken over.
 */
export interface LockInfo {
  pid: number;
  startedAt: string;
  /** Unix socket of a running server that serves CLI commands (see platform/admin-socket). */
  socket?: string;
  purpose: string;
}

export class StoreLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `数据目录 ${dir} 正由进程 ${holder.pid}（${holder.purpose}，自 ${holder.startedAt} 起）独占使用；` +
        '嵌入式数据库同一时间只能由一个进程打开。请先停止该进程，或通过运行中的服务器执行此命令。',
    );
    this.name = 'StoreLockedError';
  }
}

export interface DirLock {
  readonly path: string;
  readonly info: LockInfo;
  /** Records the admin socket so that CLI commands can find the running server. */
  setSocket(socket: string): void;
  release(): void;
}

export const lockFileName = '.sanxiang.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLock(dir: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, lockFileName), 'utf8')) as LockInfo;
  } catch {
    return undefined;
  }
}

/** The live holder of `dir`'s lock, if any. */
export function liveHolder(dir: string): LockInfo | undefined {
  const info = readLock(dir);
  return info && info.pid !== process.pid && isAlive(info.pid) ? info : undefined;
}

function writeExclusive(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  writeSync(fd, JSON.stringify(info));
  closeSync(fd);
  return true;
}

export function acquireDirLock(dir: string, purpose: string): DirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, lockFileName);
  const info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), purpose };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (writeExclusive(path, info)) return makeLock(path, info);
    const holder = readLock(dir);
    if (holder && isAlive(holder.pid) && holder.pid !== process.pid) throw new StoreLockedError(dir, holder);
    takeOverStale(dir, path, holder);
  }
  throw new Error(`无法获取数据目录 ${dir} 的锁`);
}

/** Removes a dead owner's lock. A takeover guard (mkdir is atomic) keeps two takers from racing. */
function takeOverStale(dir: string, path: string, seen: LockInfo | undefined): void {
  const guard = join(dir, '.sanxiang.lock.takeover');
  try {
    mkdirSync(guard);
  } catch {
    return; // someone else is taking over; try again
  }
  try {
    const now = readLock(dir);
    if (now?.pid === seen?.pid) {
      try {
        unlinkSync(path);
      } catch {}
    }
  } finally {
    rmdirSync(guard);
  }
}

function makeLock(path: string, info: LockInfo): DirLock {
  let released = false;
  const lock: DirLock = {
    path,
    info,
    setSocket(socket) {
      info.socket = socket;
      const tmp = `${path}.${process.pid}`;
      const fd = openSync(tmp, 'w', 0o600);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      // rename keeps the lock file present at every instant
      renameSync(tmp, path);
    },
    release() {
      if (released) return;
      released = true;
      try {
        const current = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
        if (current.pid === process.pid) unlinkSync(path);
      } catch {}
    },
  };
  process.once('exit', () => lock.release());
  return lock;
}
