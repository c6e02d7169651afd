-- Evidence, AV records and devices (issue 9 §3, §4; R-C03, R-C04, R-C05, R-C10). Everything here is
-- append-only (cases_history_guard of 0018): an item is never changed or deleted; a mistaken one
-- is withdrawn by a row of evidence_withdrawal and stays in the record; a device's custodian
-- changes by a new custody row (谁使用、谁保管、谁负责), the current one being the latest.

create table device (
  id text primary key,
  agency_id text not null,
  jurisdiction_code text not null,
  name text not null,
  -- 执法记录仪, 照相机, 录音笔, 手机, 摄像机, 其他
  kind text not null,
  serial_number text not null,
  created_at timestamptz not null,
  created_by text not null,
  constraint device_agency_id_fkey foreign key (agency_id) references agency (id)
);
create unique index device_agency_serial_uq on device (agency_id, serial_number);
create trigger device_append_only before update or delete on device
  for each row execute function cases_history_guard();

create table device_custody (
  device_id text not null references device (id),
  seq integer not null check (seq > 0),
  officer_id text not null,
  officer_name text not null,
  -- the legal day the officer became responsible for the device (Asia/Shanghai)
  from_date date not null,
  reason text not null,
  at timestamptz not null,
  by_user text not null,
  by_name text not null,
  journal_seq bigint not null,
  primary key (device_id, seq)
);
create trigger device_custody_append_only before update or delete on device_custody
  for each row execute function cases_history_guard();

create table evidence_item (
  id text primary key,
  case_id text not null references enforcement_case (id),
  -- 1, 2, 3 … within the case, in the order recorded
  seq integer not null check (seq > 0),
  category text not null check (category in ('evidence', 'av_record')),
  kind text not null check (kind in ('书证', '物证', '视听资料', '电子数据', '证人证言', '当事人陈述', '鉴定意见', '勘验笔录', '现场笔录')),
  title text not null,
  captured_at timestamptz not null,
  place text not null,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  -- [{officerId, name}]: officers of the case who collected it
  collectors jsonb not null,
  -- 证明对象 (R-C03)
  proves text not null,
  device_id text references device (id),
  -- the custodian of the device at capture time, as it stood then (R-C10)
  custodian_officer_id text,
  custodian_name text,
  -- the action of the case's procedure this record belongs to (R-C04: an AV record of a step)
  step text,
  party_id text references party (id),
  blob_hash text not null,
  size bigint not null check (size >= 0),
  mime_type text not null,
  filename text not null,
  created_at timestamptz not null,
  created_by text not null,
  created_by_name text not null,
  journal_seq bigint not null,
  constraint evidence_item_case_seq_uq unique (case_id, seq)
);
create index evidence_item_party_idx on evidence_item (party_id, captured_at) where party_id is not null;
create index evidence_item_case_step_idx on evidence_item (case_id, step) where category = 'av_record';
create trigger evidence_item_append_only before update or delete on evidence_item
  for each row execute function cases_history_guard();

create table evidence_withdrawal (
  item_id text primary key references evidence_item (id),
  at timestamptz not null,
  by_user text not null,
  by_name text not null,
  reason text not null,
  journal_seq bigint not null
);
create trigger evidence_withdrawal_append_only before update or delete on evidence_withdrawal
  for each row execute function cases_history_guard();

-- 320 px JPEG thumbnails of images, keyed by the source blob: made once, then reused (derived
-- data: the thumbnail is reproducible from the source, so it is not a record of its own)
create table evidence_thumbnail (
  source_hash text primary key,
  thumbnail_hash text not null,
  size bigint not null,
  created_at timestamptz not null
);
create trigger evidence_thumbnail_append_only before update or delete on evidence_thumbnail
  for each row execute function cases_history_guard();
