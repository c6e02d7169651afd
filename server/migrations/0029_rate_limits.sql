-- Request limits shared by every server process on one database (issue 10 §3): @fastify/rate-limit
-- counts each (route, client address) here instead of in process memory, so two processes behind
-- one load balancer allow what one would, not twice that (docs/security.md).
--
-- Bookkeeping, not records (like 0028's leases): one row per key, updated in place by a single
-- upsert per counted request, which starts a new window when the old one is over. Rows are never
-- deleted; a key seen once stays with its last window. Their number grows with the distinct client
-- addresses (IPv6 counted per /64) that ever called a limited route, one short row each.
--
-- UNLOGGED: every public proof or login request writes here, and a logged write waits for its WAL
-- flush (measured on PostgreSQL 15: 4.0 ms → 0.3 ms median per request). The price is that a
-- database crash empties the table — every window restarts, which a limit of a minute can afford —
-- and that standbys do not have it (a promoted standby starts counting afresh).
create unlogged table rate_limit_counter (
  key text primary key,
  window_started_at timestamptz not null,
  hits integer not null
);
