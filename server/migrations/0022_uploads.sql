-- Resumable uploads (issue 9 §2; tus 1.0, platform/blobs/uploads*.ts). A row is the staging state
-- of one upload by one user: it is not a record. The bytes become a blob (content-addressed,
-- never deleted) when the upload finishes; then blob_hash and finished_at are set, once, and a
-- case action claims the upload to make an evidence item or a document of it (R-C05).
create table upload (
  id text primary key,
  user_id text not null,
  filename text not null,
  mime_type text not null,
  size bigint not null check (size > 0),
  blob_hash text,
  created_at timestamptz not null,
  finished_at timestamptz,
  check ((blob_hash is null) = (finished_at is null))
);
create index upload_user_idx on upload (user_id, created_at);
-- set once: a finished upload names its blob for good
create function upload_finish_guard() returns trigger language plpgsql as $$
begin
  if old.finished_at is not null then
    raise exception '已完成的上传不能修改（%）', old.id using errcode = 'P0001';
  end if;
  if new.id <> old.id or new.user_id <> old.user_id or new.size <> old.size or new.filename <> old.filename
     or new.mime_type <> old.mime_type or new.created_at <> old.created_at then
    raise exception '上传的基本信息不能修改（%）', old.id using errcode = 'P0001';
  end if;
  return new;
end
$$;
create trigger upload_finish_once before update on upload for each row execute function upload_finish_guard();
create function upload_delete_guard() returns trigger language plpgsql as $$
begin
  raise exception '上传记录不能删除（%）', old.id using errcode = 'P0001';
end
$$;
create trigger upload_no_delete before delete on upload for each row execute function upload_delete_guard();
