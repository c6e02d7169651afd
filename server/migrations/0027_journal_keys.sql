-- Checkpoint keys belong to the deployment, not to a process (issue 10 §1; DESIGN.md invariant 1).
-- Every public key that ever signed a checkpoint is here, old ones included, so every server and
-- every CLI command verifies every checkpoint. Rows are never deleted; a key is retired by setting
-- retired_at once. At most one key is current (not retired): only it signs.
create table journal_key (
  key_id text not null,
  algorithm text not null check (algorithm in ('ed25519', 'sm2')),
  public_key_pem text not null,
  valid_from timestamptz not null,
  retired_at timestamptz,
  registered_at timestamptz not null,
  registered_by text not null,
  primary key (key_id, algorithm)
);
create unique index journal_key_one_current on journal_key ((true)) where retired_at is null;

create function journal_key_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.retired_at is null and new.retired_at is not null
     and new.key_id = old.key_id and new.algorithm = old.algorithm and new.public_key_pem = old.public_key_pem
     and new.valid_from = old.valid_from and new.registered_at = old.registered_at
     and new.registered_by = old.registered_by then
    return new;
  end if;
  raise exception '检查点公钥登记不能删除或修改，只能设置一次停用时间（%）', tg_op using errcode = 'P0001';
end
$$;
create trigger journal_key_append_only before update or delete on journal_key
  for each row execute function journal_key_guard();
create trigger journal_key_no_truncate before truncate on journal_key
  for each statement execute function journal_reject_change();
