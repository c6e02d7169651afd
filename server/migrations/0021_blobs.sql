-- The blobs the records reference (issue 9 §1, DESIGN.md invariant 2, R-C05). The bytes live in the
-- blob store (DATA_DIR/blobs/ or S3), named by their hash; this table lets the database say which
-- files its records need, so backups and `sanxiang blobs verify` can check that each one is there
-- and intact. Insert-only: a blob once referenced is never forgotten.
create table blob (
  hash text primary key check (hash ~ '^[0-9a-f]{64}$'),
  algorithm text not null check (algorithm in ('sha256', 'sm3')),
  size bigint not null check (size >= 0),
  first_stored_at timestamptz not null
);

create function blob_reject_change() returns trigger language plpgsql as $$
begin
  raise exception '文件记录只能追加，不能修改或删除（%）', tg_op using errcode = 'P0001';
end
$$;

create trigger blob_append_only before update or delete on blob
  for each row execute function blob_reject_change();
create trigger blob_no_truncate before truncate on blob
  for each statement execute function blob_reject_change();
