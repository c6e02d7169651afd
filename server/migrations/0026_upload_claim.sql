-- An upload becomes at most one record (issue 9 walk: a double tap on 保存到案件 made two evidence
-- items of one upload, and records are never deleted). The claim is written in the transaction that
-- makes the record; a second claim of the same upload fails on the primary key and writes nothing.
create table upload_claim (
  upload_id text primary key references upload (id),
  claimed_at timestamptz not null,
  claimed_by text not null
);
create function upload_claim_guard() returns trigger language plpgsql as $$
begin
  raise exception '上传的使用记录不能修改或删除（%）', old.upload_id using errcode = 'P0001';
end
$$;
create trigger upload_claim_append_only before update or delete on upload_claim for each row execute function upload_claim_guard();
