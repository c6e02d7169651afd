-- Jurisdiction settings with effective dates (DESIGN.md invariant 3, issue 8 §1). The keys, their
-- defaults, units and legal sources are code (server/src/platform/settings/registry.ts); this table
-- holds the values a province, city or county set, each from a date on.
-- Append-only (invariant 2): a change is a new row and never rewrites history; the value in force
-- on a day is the row of the nearest jurisdiction (itself, then its ancestors) with the latest
-- effective_from on or before that day, the latest id among equals.
create table setting_value (
  id bigint generated always as identity primary key,
  key text not null check (char_length(key) between 1 and 100),
  jurisdiction_code text not null,
  -- a JSON number or string, checked against the registry by the service
  value jsonb not null,
  effective_from date not null,
  -- why it was changed (the local rule, the document number)
  reason text not null check (char_length(btrim(reason)) between 1 and 500),
  created_at timestamptz not null,
  -- user_account.id of who set it (the journal holds the full actor)
  created_by text not null
);
create index setting_value_lookup_idx on setting_value (key, jurisdiction_code, effective_from);

create function setting_value_reject_change() returns trigger language plpgsql as $$
begin
  raise exception '规则设置记录只能追加，不能修改或删除（%）；更改请录入新的设置值', tg_op using errcode = 'P0001';
end
$$;

create trigger setting_value_append_only before update or delete on setting_value
  for each row execute function setting_value_reject_change();
create trigger setting_value_no_truncate before truncate on setting_value
  for each statement execute function setting_value_reject_change();
