-- Jurisdictions, agencies and user accounts (issue 2; agencies are completed by issue 3).
create table jurisdiction (
  code text primary key check (code ~ '^[0-9]{6}$'), -- GB/T 2260 administrative division code
  name text not null,
  level text not null check (level in ('province', 'city', 'county', 'township')),
  parent_code text references jurisdiction (code),
  created_at timestamptz not null
);

create table agency (
  id text primary key,
  name text not null unique,
  kind text not null check (kind in ('administrative_organ', 'authorized_org', 'entrusted_org')),
  -- the justice bureau (司法局) supervises enforcement in its jurisdiction
  is_supervising boolean not null default false,
  jurisdiction_code text not null references jurisdiction (code),
  parent_id text references agency (id),
  created_at timestamptz not null
);
create index agency_jurisdiction_code_idx on agency (jurisdiction_code);

create table user_account (
  id text primary key,
  username text not null unique check (username ~ '^[a-z][a-z0-9_.-]{2,31}$'),
  display_name text not null,
  agency_id text references agency (id),
  -- null for platform-wide accounts (the first system administrator of a fresh install)
  jurisdiction_code text references jurisdiction (code),
  password_hash text not null,
  must_change_password boolean not null default false,
  password_changed_at timestamptz,
  status text not null default 'active' check (status in ('active', 'disabled')),
  -- failed logins and lock-outs are not columns: they are derived from the journal's audit events,
  -- so a refused login writes nothing but its audit event
  totp_secret text,
  totp_enabled boolean not null default false,
  totp_last_step bigint,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index user_account_agency_id_idx on user_account (agency_id);

create table user_role (
  user_id text not null references user_account (id),
  role text not null,
  primary key (user_id, role)
);

create table user_session (
  id text primary key, -- SHA-256 of the bearer token; the token itself is never stored
  user_id text not null references user_account (id),
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  ended_at timestamptz,
  end_reason text,
  client_ip text
);
create index user_session_user_id_idx on user_session (user_id);

-- Platform settings that administrators change at run time (security policy, …).
create table platform_setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null,
  updated_by text
);
