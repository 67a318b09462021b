-- The platform's signing keys (pki module). Private keys live only in the PKCS#11 token
-- (keys/key-store.ts), referenced here by their label; this table keeps what is public about
-- them — public key, certificate, periods — so that every server process and every verifier
-- sees the same keys, and retired keys stay published as long as what they signed must verify.
create table pki_key (
  label        text primary key,
  role         text not null check (role in ('csca', 'document-signer', 'master-list-signer', 'card-qr', 'document')),
  kid          text not null unique,
  curve        text not null,
  spki         bytea not null,
  certificate  bytea,
  issuer_label text references pki_key (label),
  usage_from   timestamptz not null,
  usage_until  timestamptz not null,
  verify_until timestamptz,
  created_at   timestamptz not null default now(),
  retired_at   timestamptz,
  destroyed_at timestamptz,
  check (usage_until > usage_from),
  check (verify_until is null or verify_until >= usage_until),
  check ((role in ('csca', 'document-signer', 'master-list-signer')) = (certificate is not null)),
  check ((role in ('document-signer', 'master-list-signer')) = (issuer_label is not null))
);
comment on table pki_key is 'Signing keys held in the PKCS#11 token, by label: public key, certificate and periods (docs/keys.md).';
comment on column pki_key.label is 'CKA_LABEL of the key pair in the token.';
comment on column pki_key.role is 'csca, document-signer (EF.SOD), master-list-signer, card-qr (COSE on the card face), document (JWS of signed documents).';
comment on column pki_key.kid is 'Key ID published at GET /api/v1/pki/keys: RFC 7638 JWK thumbprint, or SHA-256 of the SPKI for brainpool keys.';
comment on column pki_key.spki is 'DER SubjectPublicKeyInfo.';
comment on column pki_key.certificate is 'X.509 DER issued by the CSCA (self-signed for the CSCA); null for card-qr and document keys, which the CSCA must not certify.';
comment on column pki_key.usage_from is 'Start of the private key usage period.';
comment on column pki_key.usage_until is 'End of the private key usage period: nothing is signed after it.';
comment on column pki_key.verify_until is 'Until when signatures made with the key must verify (certificate notAfter); null: for ever (cards that never expire).';
comment on column pki_key.retired_at is 'When a newer key of the same role replaced it for signing.';
comment on column pki_key.destroyed_at is 'When its private key was removed from the token, after its usage period (9303-12 §5.1).';

-- At most one key of each role signs at a time.
create unique index pki_key_current on pki_key (role) where retired_at is null;

-- The CSCA master list (9303-12 §8) as last signed: every process serves the same bytes, and it
-- is signed again only when a CSCA or the master list signer changes.
create table pki_master_list (
  seq          bigint generated always as identity primary key,
  signer_label text not null references pki_key (label),
  csca_labels  text[] not null,
  cms          bytea not null,
  created_at   timestamptz not null default now()
);
comment on table pki_master_list is 'CMS-signed CSCA master lists, newest last; GET /api/v1/pki/masterlist serves the newest.';
