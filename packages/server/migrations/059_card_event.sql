-- The history of each card's lifecycle changes (docs/cards.md "Hand-over and lifecycle"): one row
-- per change by the lifecycle stage, with the idempotency key of the request that made it, so a
-- retried request (same Idempotency-Key, else X-Request-Id) is answered with what it did instead
-- of a 409 for the state it left (draft-ietf-httpapi-idempotency-key-header §2). The audit log
-- holds the same facts for accountability; this table is the card module's own, queried by card.
create table card_event (
  id          bigint generated always as identity primary key,
  card_number char(10) not null references card (card_number),
  action      text not null check (action in ('hand-over', 'replaced', 'lost', 'stolen', 'revoked', 'expired')),
  from_status text not null,
  to_status   text not null,
  actor       text not null,
  request_key text,
  -- For a hand-over: the card it retired; for a replacement: the card that replaced it.
  other_card  char(10),
  at          timestamptz not null default now()
);
comment on table card_event is 'Lifecycle changes of identity cards, with the request that made each (idempotent retries).';
create unique index card_event_request on card_event (request_key, card_number, action) where request_key is not null;
create index card_event_by_card on card_event (card_number, id);
