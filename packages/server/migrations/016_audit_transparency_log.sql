-- The audit log becomes a Merkle-tree transparency log (RFC 9162 §2; docs/audit.md), replacing
-- the hash chain whose head row lock serialised every commit (migration 011).
--
--   audit_log          the entries, as before: append-only, durable with the request that wrote
--                      them. `seq` now comes from a sequence, so appenders take no lock at all.
--   audit_unsequenced  entries committed but not yet in the tree: the sequencer's queue, filled
--                      in the same statement as audit_log and emptied as the sequencer appends.
--   audit_leaf         the tree: the entry at each leaf index, in the order the sequencer took
--                      them. Insert-only.
--   audit_tile         the tree's hashes as tiles (packages/tlog: level L holds tree level L·H,
--                      2^H hashes per tile; the right-edge tile of each level grows).
--   audit_tree_head    every signed tree head: size, root, and the checkpoint (a C2SP signed note).
--
-- A leaf is SHA-256(0x00 ‖ canonical JSON of ["<seq>", at, actor, action, subject, requestId,
-- details]) — the same bytes the chain hashed (audit/chain.ts), so the entries of the chain move
-- into the tree unchanged: they are queued here in seq order and the sequencer appends them first.
-- Their prev_hash/hash columns and audit_head stay as they were, frozen: `cancuoc audit verify`
-- still checks that old chain, then the tree.

create sequence audit_log_seq_seq as bigint owned by audit_log.seq;
select setval('audit_log_seq_seq', coalesce((select max(seq) from audit_log), 0) + 1, false);
alter table audit_log alter column seq set default nextval('audit_log_seq_seq');
alter table audit_log alter column prev_hash drop not null, alter column hash drop not null;
comment on column audit_log.prev_hash is 'the hash chain of the entries written before migration 016 (frozen); later entries are covered by the tree';
comment on column audit_log.hash is 'see prev_hash';
comment on table audit_head is 'the last link of the hash chain as it stood at migration 016 (frozen)';

create table audit_unsequenced (
  seq       bigint primary key,
  queued_at timestamptz not null default clock_timestamp()
);
comment on table audit_unsequenced is 'entries committed but not yet appended to the tree (the sequencer''s queue)';
insert into audit_unsequenced (seq, queued_at) select seq, at from audit_log order by seq;

create table audit_leaf (
  leaf_index bigint primary key check (leaf_index >= 0),
  seq        bigint not null unique
);
comment on table audit_leaf is 'the Merkle tree''s leaves: which entry is at each index (insert-only)';

create table audit_tile (
  level  smallint not null check (level >= 0),
  idx    bigint not null check (idx >= 0),
  hashes bytea not null check (length(hashes) % 32 = 0 and length(hashes) > 0),
  primary key (level, idx)
);
comment on table audit_tile is 'tree hashes as tiles (packages/tlog); a tile only ever grows';

create table audit_tree_head (
  size       bigint primary key check (size > 0),
  root_hash  bytea not null check (length(root_hash) = 32),
  signed_at  timestamptz not null,
  checkpoint text not null,
  -- When the longest-waiting entry of the batch this head closed was committed: signed_at minus
  -- this is the batch's worst commit-to-inclusion delay (docs/audit.md, bench:audit).
  oldest_queued_at timestamptz not null
);
comment on table audit_tree_head is 'every signed tree head (C2SP checkpoint, Ed25519), one per tree size';

-- Entries and the tree are append-only; a tile may only grow (its old hashes stay its prefix).
create trigger audit_leaf_append_only before update or delete on audit_leaf
  for each row execute function audit_log_append_only();
create trigger audit_tree_head_append_only before update or delete on audit_tree_head
  for each row execute function audit_log_append_only();
create function audit_tile_grows() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' or substring(new.hashes from 1 for length(old.hashes)) <> old.hashes then
    raise exception 'audit_tile may only grow (% of tile %/% refused)', tg_op, old.level, old.idx using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;
create trigger audit_tile_grows before update or delete on audit_tile
  for each row execute function audit_tile_grows();

-- Appending entries: one statement, no lock (audit/log.ts); returns the first seq.
drop function audit_append(timestamptz, text[], text[], text[], text[], jsonb[], text[]);
create function audit_append(p_at timestamptz, p_actor text[], p_action text[], p_subject text[],
  p_request_id text[], p_details jsonb[]) returns bigint
language sql as $$
  with added as (
    insert into audit_log (at, actor, action, subject, request_id, details)
    select p_at, u.actor, u.action, u.subject, u.request_id, u.details
    from unnest(p_actor, p_action, p_subject, p_request_id, p_details) with ordinality as u(actor, action, subject, request_id, details, ord)
    order by u.ord
    returning seq
  ), queued as (
    insert into audit_unsequenced (seq) select seq from added returning seq
  )
  select min(seq) from queued
$$;
comment on function audit_append is 'appends audit entries and queues them for the sequencer; returns the first seq (audit/log.ts)';
