-- Extended Access Control (9303-11 §7, BSI TR-03110-3): the fingerprints on the chip (DG3) are
-- read only by an inspection system whose certificate chain leads to a CVCA the chip trusts.
-- Two more key roles in the token: the CVCA (the root the chips trust) and the production
-- centre's domestic Document Verifier (it certifies the inspection systems, quality control's
-- among them). Their certificates are card-verifiable certificates (TR-03110-3 appendix C), not
-- X.509.
alter table pki_key drop constraint pki_key_role_check;
alter table pki_key add constraint pki_key_role_check
  check (role in ('csca', 'document-signer', 'master-list-signer', 'card-qr', 'document', 'cvca', 'document-verifier'));
alter table pki_key drop constraint pki_key_check2;
alter table pki_key add constraint pki_key_certificate_check
  check ((role in ('csca', 'document-signer', 'master-list-signer', 'cvca', 'document-verifier')) = (certificate is not null));
alter table pki_key drop constraint pki_key_check3;
alter table pki_key add constraint pki_key_issuer_check
  check ((role in ('document-signer', 'master-list-signer', 'document-verifier')) = (issuer_label is not null));
alter table pki_key add column link_certificate bytea;
alter table pki_key add constraint pki_key_link_check check (link_certificate is null or role = 'cvca');
comment on column pki_key.certificate is 'X.509 DER issued by the CSCA (self-signed for the CSCA); for cvca and document-verifier a card-verifiable certificate (TR-03110-3 C.1; self-signed for the CVCA); null for card-qr and document keys.';
comment on column pki_key.link_certificate is 'For a CVCA that replaced another: its key certified by the previous CVCA (a link certificate, TR-03110-3 §2.3), with which chips trusting the previous CVCA accept the new one.';

-- The CVCA certificates a card's chip trusts and its starting date for Terminal Authentication:
-- the virtual chip is loaded with them for quality control and for every read.
alter table card_chip add column eac_trust_points bytea[];
alter table card_chip add column eac_date timestamptz;
alter table card_chip add constraint card_chip_eac_check check ((eac_trust_points is null) = (eac_date is null));
comment on column card_chip.eac_trust_points is 'CVCA certificates (TR-03110-3 C.1) the chip trusts for Terminal Authentication (EF.CVCA names them); null for a card made without EAC.';
