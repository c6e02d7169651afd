-- Documents from templates (issue 9 §5, §7; R-C02, R-C07, R-D17). Templates: the built-in ones are
-- version 1 of each instrument code (server/templates/*.docx); a jurisdiction adds its own versions
-- with an effective date (document_template_version), as procedure_definition does for procedures.
-- A case document is a title and its versions; each version is a .docx blob, never regenerated in
-- place: a correction is a new version with a reason. Signatures attest a version's hash. All
-- append-only (cases_history_guard from 0018).

create table document_template_version (
  code text not null,
  version integer not null check (version > 1),
  jurisdiction_code text not null,
  effective_from date not null,
  blob_hash text not null,
  size bigint not null,
  placeholders jsonb not null,
  reason text not null,
  created_at timestamptz not null,
  created_by text not null,
  created_by_name text not null,
  journal_seq bigint not null,
  primary key (code, version)
);
create trigger document_template_version_append_only before update or delete on document_template_version
  for each row execute function cases_history_guard();

create table case_document (
  id text primary key,
  case_id text not null references enforcement_case (id),
  template_code text not null,
  title text not null,
  created_at timestamptz not null,
  created_by text not null
);
create index case_document_case on case_document (case_id, created_at);
create trigger case_document_append_only before update or delete on case_document
  for each row execute function cases_history_guard();

create table case_document_version (
  id text primary key,
  document_id text not null references case_document (id),
  version integer not null check (version > 0),
  template_version integer not null,
  -- the legal date the version was made (Asia/Shanghai): the template in force on it was used
  on_date date not null,
  fields jsonb not null,
  data jsonb not null,
  blob_hash text not null,
  size bigint not null,
  -- required from version 2: why the document was corrected
  reason text check (version = 1 or reason is not null),
  created_at timestamptz not null,
  created_by text not null,
  created_by_name text not null,
  journal_seq bigint not null,
  unique (document_id, version)
);
create trigger case_document_version_append_only before update or delete on case_document_version
  for each row execute function cases_history_guard();

create table case_document_signature (
  id text primary key,
  version_id text not null references case_document_version (id),
  signer_user text not null,
  signer_name text not null,
  signed_at timestamptz not null,
  document_hash text not null,
  -- 'platform' (the journal attestation alone) or the seal service's name, e.g. 'demo'
  seal_provider text not null,
  seal_label text,
  seal_certificate text,
  seal_signature text,
  journal_seq bigint not null
);
create index case_document_signature_version on case_document_signature (version_id);
create trigger case_document_signature_append_only before update or delete on case_document_signature
  for each row execute function cases_history_guard();

-- the PDF made from a .docx blob (same bytes -> same PDF): a cache, also append-only
create table document_pdf (
  docx_hash text primary key,
  pdf_hash text not null,
  size bigint not null,
  created_at timestamptz not null
);
