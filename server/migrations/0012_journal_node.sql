-- Issue 7 §6: inclusion and consistency proofs in O(log n) reads. journal_node keeps the hash of
-- every perfect subtree of the journal's RFC 6962 Merkle tree (§2.1) of height >= 1: the node
-- (level, idx) is MTH(D[idx*2^level : (idx+1)*2^level]). Leaves (level 0) are not stored: they are
-- HASH(0x00 || entry_hash) of journal_entry row seq = idx. Rows are derived from committed entries
-- by the server (platform/journal/nodes.ts), never by hand; like the journal they are never changed.
create table journal_node (
  level smallint not null check (level between 1 and 62),
  idx bigint not null check (idx >= 0),
  hash bytea not null check (length(hash) = 32),
  primary key (level, idx)
);

create trigger journal_node_append_only before update or delete on journal_node
  for each row execute function journal_reject_change();
create trigger journal_node_no_truncate before truncate on journal_node
  for each statement execute function journal_reject_change();
