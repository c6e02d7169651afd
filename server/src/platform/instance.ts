import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process among the deployment's servers (issue 10): host, pid and a random tag, so a pid
 * reused after a restart is still another instance. It names who holds a lease, who runs a job and
 * who signed a checkpoint.
 */
export const instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
