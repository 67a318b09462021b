-- One-statement audit append (audit/log.ts). The chain is extended inside the database under
-- the row lock on audit_head, so an append costs one round trip whichever process makes it, and
-- concurrent appenders (several server processes, write transactions) queue on that lock
-- instead of each reading the head, hashing in the client and writing it back.
--
-- What is hashed is unchanged (audit/chain.ts): hash_n = SHA-256(hash_{n-1} ‖ canonical JSON of
-- [seq, at, actor, action, subject, requestId, details]). Only the sequence number is known
-- here, so the client sends the canonical text of everything after it (`p_tail`, starting with
-- `"<at>",` and ending with `]`) and the function prefixes `["<seq>",`; `cancuoc audit verify`
-- recomputes the same bytes from the stored columns.
create function audit_append(p_at timestamptz, p_actor text[], p_action text[], p_subject text[],
  p_request_id text[], p_details jsonb[], p_tail text[]) returns bigint
language plpgsql as $$
declare
  n        int := cardinality(p_actor);
  head_seq bigint;
  head     bytea;
  seqs     bigint[] := '{}';
  prevs    bytea[] := '{}';
  hashes   bytea[] := '{}';
begin
  if n is null or n = 0 then return null; end if;
  select seq, hash into head_seq, head from audit_head for update;
  for i in 1 .. n loop
    head_seq := head_seq + 1;
    seqs := array_append(seqs, head_seq);
    prevs := array_append(prevs, head);
    head := sha256(head || convert_to('["' || head_seq::text || '",' || p_tail[i], 'UTF8'));
    hashes := array_append(hashes, head);
  end loop;
  insert into audit_log (seq, at, actor, action, subject, request_id, details, prev_hash, hash)
  select u.seq, p_at, u.actor, u.action, u.subject, u.request_id, u.details, u.prev_hash, u.hash
  from unnest(seqs, p_actor, p_action, p_subject, p_request_id, p_details, prevs, hashes)
    as u(seq, actor, action, subject, request_id, details, prev_hash, hash);
  update audit_head set seq = head_seq, hash = head;
  return head_seq - n + 1;
end $$;
comment on function audit_append is 'appends entries to the hash-chained audit log; returns the first sequence number (audit/log.ts)';
