-- The signed revocation list of identity cards (docs/cards.md "Card status for relying parties"):
-- the lists issued, numbered (the newest ten are kept: each is ~100 bytes per listed card). A list is issued in the transaction that changes the set of
-- listed cards (loss, theft, revocation, replacement), under one advisory lock, so the newest row
-- always lists every committed change and its number only grows (RFC 5280 §5.2.3 cRLNumber: "a
-- monotonically increasing sequence number"). Relying parties download the newest row's JWS.
create table card_status_list (
  seq        bigint primary key check (seq >= 1),
  issued_at  timestamptz not null,
  -- The pki `document` key (pki_key.label) that signed it; its public half is at GET /api/v1/pki/keys.
  key_label  text not null references pki_key (label),
  entries    integer not null check (entries >= 0),
  -- JWS compact serialisation (RFC 7515 §7.1) of the list.
  jws        text not null
);
comment on table card_status_list is 'Signed card revocation lists (JWS), one row per issue; the newest is served at GET /api/v1/cards/revocation-list.';
comment on column card_status_list.seq is 'List number, 1, 2, 3 … in issue order; a relying party keeps the highest it has seen.';

-- The cards a list names (cards/revocation-list.ts): read whole on every issue.
create index card_listed on card (card_number) where status in ('lost', 'stolen', 'revoked', 'replaced');
-- Active cards by expiry date, for the expiry sweep (cards/lifecycle.ts expireDueCards).
create index card_active_expiry on card (expiry_date) where status = 'active' and expiry_date is not null;
