import { createHash, timingSafeEqual } from 'node:crypto';

/** What decides whether a scrape of /metrics is answered: the TCP peer, proxy headers, the token. */
export interface ScrapeRequest {
  /** the socket's peer address (not the client a trusted proxy names) */
  peer: string | undefined;
  /** the request carries Forwarded or X-Forwarded-For: it came through a proxy */
  forwarded: boolean;
  authorization: string | undefined;
}

const isLoopback = (address: string | undefined) =>
  address !== undefined && (address === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address));

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * /metrics is answered to the host itself without a token, and to any address that sends
 * `Authorization: Bearer <METRICS_TOKEN>` when the token is set (issue 10 §6, docs/operations.md).
 * A request a proxy forwarded is not "the host itself" even when the proxy runs there: nginx on the
 * same machine connects from 127.0.0.1 for every outside client, so a forwarded request needs the
 * token whatever TRUST_PROXY says.
 */
export function mayScrape(req: ScrapeRequest, token: string | undefined): boolean {
  if (isLoopback(req.peer) && !req.forwarded) return true;
  if (!token || !req.authorization?.startsWith('Bearer ')) return false;
  // compared as digests: equal length, constant time
  return timingSafeEqual(digest(req.authorization.slice(7).trim()), digest(token));
}
