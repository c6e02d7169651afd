import type { AppContext } from '../context';
import { instanceId } from '../instance';

/**
 * The server process a context stands for: `instanceId` (platform/instance.ts) in a real server.
 * Tests put two contexts in one test process to stand for two server processes, each with its own
 * id, so that leases and job owners tell them apart as they would tell two processes apart.
 */
const overrides = new WeakMap<AppContext, string>();

export function instanceOf(ctx: AppContext): string {
  return overrides.get(ctx) ?? instanceId;
}

/** Tests only: `ctx` acts as the server process `id` (leases it takes, jobs it owns). */
export function actAsInstance(ctx: AppContext, id: string): void {
  overrides.set(ctx, id);
}
