-- R-D18: service windows (政务服务窗口) and their post information boards (岗位信息公示牌).
-- service_window is the working copy; service_window_version keeps every version (append-only,
-- like officer_version). Saving a window publishes its agency's board list at once (disclosure
-- list service_windows:<agency id>); retiring it publishes the removal and keeps the row.

create table service_window (
  id text primary key,
  agency_id text not null,
  number text not null, -- 窗口编号, e.g. A03
  name text not null, -- 窗口名称, e.g. 登记注册窗口
  hall text not null, -- 服务大厅 / 办公地点
  floor text, -- 楼层
  opening_hours text not null,
  phone text, -- the window's landline or the agency hotline; never a person's phone
  -- [{ "officerId": "...", "duties": "..." }]: each an active officer record of the agency
  staff jsonb not null default '[]',
  -- catalog item codes of the agency handled at the window
  item_codes jsonb not null default '[]',
  -- sample application materials: [{ "title": "...", "text": "...", "itemCodes": ["..."] }]
  materials jsonb not null default '[]',
  progress_enquiry text not null, -- 办理进度查询
  consultation text not null, -- 咨询服务
  complaint text not null, -- 投诉举报
  retired boolean not null default false,
  retired_reason text,
  version integer not null default 1,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  constraint service_window_agency_id_fkey foreign key (agency_id) references agency (id)
);
create index service_window_agency_id_idx on service_window (agency_id, number, id);
create unique index service_window_agency_id_number_uq on service_window (agency_id, number) where not retired;

create table service_window_version (
  window_id text not null,
  version integer not null check (version > 0),
  snapshot jsonb not null, -- every recorded field of the window as of this version
  reason text not null,
  changed_by text not null,
  changed_at timestamptz not null,
  published_list_version integer, -- the version of service_windows:<agency id> it was published in
  primary key (window_id, version),
  constraint service_window_version_window_id_fkey foreign key (window_id) references service_window (id)
);

create trigger service_window_version_append_only before update or delete on service_window_version
  for each row execute function org_history_guard();
