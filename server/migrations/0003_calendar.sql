-- The working-day calendar's overrides (DESIGN.md invariant 4; R-D08..R-D11 count in working days).
-- Official holidays and 调休 makeup workdays come from the `chinese-days` package; this table
-- overrides or extends them, e.g. to enter a new State Council notice before the package updates.
-- Append-only (invariant 2): a correction is a new row, the latest row (highest id) per date wins,
-- and kind 'official' reverts the date to the package's schedule.
create table calendar_override (
  id bigint generated always as identity primary key,
  date date not null,
  kind text not null check (kind in ('holiday', 'workday', 'official')),
  name text not null check (char_length(name) <= 50),
  -- the basis, e.g. 国办发明电〔2025〕7号
  source text not null check (char_length(btrim(source)) between 1 and 200),
  created_at timestamptz not null,
  -- user_account.id of the system administrator who entered it (the journal holds the full actor)
  created_by text not null,
  check (kind = 'official' or char_length(btrim(name)) > 0)
);
create index calendar_override_date_idx on calendar_override (date, id);

create function calendar_override_reject_change() returns trigger language plpgsql as $$
begin
  raise exception '工作日历调整记录只能追加，不能修改或删除（%）；更正请录入新的调整', tg_op using errcode = 'P0001';
end
$$;

create trigger calendar_override_append_only before update or delete on calendar_override
  for each row execute function calendar_override_reject_change();
create trigger calendar_override_no_truncate before truncate on calendar_override
  for each statement execute function calendar_override_reject_change();
