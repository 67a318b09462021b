// X.501 Names for certificates and CRLs (9303-12 §7.1.3: country as PrintableString).
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export interface NameSpec {
  country: string;
  organization?: string;
  organizationalUnit?: string;
  commonName: string;
  serialNumber?: string;
}

export function buildName(n: NameSpec): pkijs.RelativeDistinguishedNames {
  const rdn = (type: string, value: asn1js.Utf8String | asn1js.PrintableString) => new pkijs.AttributeTypeAndValue({ type, value });
  const typesAndValues = [rdn('2.5.4.6', new asn1js.PrintableString({ value: n.country }))];
  if (n.organization) typesAndValues.push(rdn('2.5.4.10', new asn1js.Utf8String({ value: n.organization })));
  if (n.organizationalUnit) typesAndValues.push(rdn('2.5.4.11', new asn1js.Utf8String({ value: n.organizationalUnit })));
  typesAndValues.push(rdn('2.5.4.3', new asn1js.Utf8String({ value: n.commonName })));
  if (n.serialNumber) typesAndValues.push(rdn('2.5.4.5', new asn1js.PrintableString({ value: n.serialNumber })));
  return new pkijs.RelativeDistinguishedNames({ typesAndValues });
}
