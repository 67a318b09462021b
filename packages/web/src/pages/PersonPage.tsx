// A person's record: identity, family (as links), residence, household and its members, residence
// history, life events and every version with who changed what, when and on which legal basis.
// Each read is audited by the API; a refusal is explained (RefusedPerson), never an empty page.
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client.ts';
import { read } from '../api/early.ts';
import type { Events, History, Household, Person } from '../api/types.ts';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { UnitName } from '../components/UnitName.tsx';
import { useApi } from '../components/useApi.ts';
import { formatDate, formatInstant } from '../format.ts';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useUnitNames } from '../components/useUnitNames.ts';
import { RefusedPerson } from './RefusedPerson.tsx';
import { personRead } from './reads.ts';
import { TableScroll } from '../components/TableScroll.tsx';
import { PersonCards } from './cards/PersonCards.tsx';

export default function PersonPage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const idNumber = params.idNumber!;
  const { query } = useLocation();
  // Usually already on its way: started by the click that opened this page (src/api/early.ts).
  const person = useApi((signal) => read<Person>(personRead(idNumber), signal), [idNumber]);
  const version = person.data?.version;
  // History, events and household once the record is readable (a refused read asks nothing more)
  // and painted: their answers would otherwise compete with the record for its first frame.
  const painted = usePaintedAfter(person.data ? `${person.data.idNumber}@${person.data.version}` : undefined);
  const history = useApi(painted ? (signal) => get<History>(`/persons/${idNumber}/history`, { signal }) : null, [idNumber, version, painted]);
  const events = useApi(painted ? (signal) => get<Events>(`/persons/${idNumber}/events`, { signal }) : null, [idNumber, version, painted]);
  if (person.loading && !person.data) return <Loading />;
  if (person.error) {
    return person.error.status === 403 || person.error.status === 404 || person.error.status === 400
      ? <RefusedPerson error={person.error} /> : <ErrorState error={person.error} retry={person.reload} />;
  }
  const p = person.data!;
  const recorded = query.get('recorded');
  return (
    <Stack gap="lg" data-person={p.idNumber}>
      {recorded && <Alert color="green" role="status">{t('form.saved')}</Alert>}
      <div>
        <Group gap="sm" align="baseline">
          <Title order={1} className="wrap-anywhere">{p.fullName}</Title>
          {p.deathDate && <Badge color="gray">{t('person.deceased')}</Badge>}
        </Group>
        <Text ff="monospace">{p.idNumber}</Text>
        <Text size="sm" c="dimmed">{t('person.version', { version: p.version })} · {formatInstant(p.updatedAt)}</Text>
      </div>
      {!p.deathDate && (
        <Group gap="xs" aria-label={t('person.actions')} role="group">
          <Button component={Link} href={`/persons/${p.idNumber}/move`} variant="light">{t('person.move')}</Button>
          <Button component={Link} href={`/persons/${p.idNumber}/marriage`} variant="light">{t('person.marriage')}</Button>
          <Button component={Link} href={`/persons/${p.idNumber}/correction`} variant="light">{t('person.correction')}</Button>
          <Button component={Link} href={`/births/new?${p.sex === 'female' ? 'mother' : 'father'}=${p.idNumber}`} variant="light">{t('person.birthOfChild')}</Button>
          <Button component={Link} href={`/persons/${p.idNumber}/death`} variant="light" color="red">{t('person.death')}</Button>
        </Group>
      )}
      <div className="two-columns">
        <Section title={t('person.identity')}>
          <Fields rows={[
            [t('person.fullName'), p.fullName],
            [t('person.otherNames'), p.otherNames.join(', ') || '—'],
            [t('person.birthDate'), formatDate(p.birthDate)],
            [t('person.sex'), t(`sex.${p.sex}`)],
            [t('person.placeOfBirth'), p.placeOfBirth ?? '—'],
            [t('person.birthRegistrationUnit'), <UnitName unit={p.birthRegistrationUnit} />],
            [t('person.nativePlace'), p.nativePlace ?? '—'],
            [t('person.ethnicity'), p.ethnicity],
            [t('person.religion'), p.religion],
            [t('person.nationality'), p.nationality],
            [t('person.bloodType'), p.bloodType ?? '—'],
            [t('person.oldIdNumber'), p.oldIdNumber ?? '—'],
            [t('person.maritalStatus'), t(`marital.${p.maritalStatus}`)],
            ...(p.deathDate ? [[t('person.deathDate'), formatDate(p.deathDate)] as [string, ReactNode]] : []),
            [t('person.phone'), p.phone ?? '—'],
            [t('person.email'), p.email ?? '—'],
          ]} />
        </Section>
        <Stack>
          <Section title={t('person.relatives')}>
            <Fields rows={[
              [t('person.father'), <Relative r={p.father} />],
              [t('person.mother'), <Relative r={p.mother} />],
              [t('person.spouse'), <Relative r={p.spouse} />],
              [t('person.legalRepresentative'), <Relative r={p.legalRepresentative} />],
              [t('person.children'), p.children.length === 0 ? '—' : (
                <Stack gap={2}>{p.children.map((c) => (
                  <span key={c.idNumber}><Anchor component={Link} href={`/persons/${c.idNumber}`}>{c.fullName}</Anchor> ({c.idNumber})</span>
                ))}</Stack>
              )],
            ]} />
          </Section>
          <Section title={t('person.residence')}>
            <Fields rows={[
              [t('person.permanentResidence'), <Residence r={p.permanentResidence} />],
              [t('person.temporaryResidence'), <Residence r={p.temporaryResidence} until={p.temporaryResidence?.until ?? null} />],
              [t('person.currentResidence'), <Residence r={p.currentResidence} />],
            ]} />
          </Section>
        </Stack>
      </div>
      {/* Below the record, and read only once it is painted: the first frame draws the record
          alone (bench:web: response → page painted), these sections the next. */}
      {painted && (
        <>
          <PersonCards idNumber={p.idNumber} deceased={Boolean(p.deathDate)} />
          {p.household && <HouseholdSection id={p.household.id} fileNumber={p.household.fileNumber} relationship={p.relationshipToHead} />}
          <div className="two-columns">
            <ResidenceHistory history={history} />
            <EventsSection events={events} />
          </div>
          <HistorySection history={history} />
        </>
      )}
    </Stack>
  );
}

/** True from the first task after the frame that painted `key` (reset when it changes). */
function usePaintedAfter(key: unknown): boolean {
  const [painted, setPainted] = useState<unknown>(undefined);
  useEffect(() => {
    if (key === undefined) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => { timer = setTimeout(() => setPainted(key), 0); });
    return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
  }, [key]);
  return key !== undefined && painted === key;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={2} size="h4" mb="sm">{title}</Title>
      {children}
    </Card>
  );
}

function Fields({ rows }: { rows: [string, ReactNode][] }) {
  return <dl className="fields">{rows.map(([k, v]) => <div key={k} style={{ display: 'contents' }}><dt>{k}</dt><dd>{v}</dd></div>)}</dl>;
}

function Relative({ r }: { r: Person['father'] }) {
  const { t } = useTranslation();
  if (!r || (!r.idNumber && !r.fullName)) return <>—</>;
  if (!r.idNumber) return <>{r.fullName} <Text span size="sm" c="dimmed">{t('person.nameOnly')}</Text></>;
  return <Anchor component={Link} href={`/persons/${r.idNumber}`}>{r.fullName ?? r.idNumber}</Anchor>;
}

function Residence({ r, until }: { r: Person['permanentResidence']; until?: string | null }) {
  if (!r || (!r.unit && !r.address)) return <>—</>;
  return <>{r.address ? `${r.address}, ` : ''}<UnitName unit={r.unit} />{until ? ` (→ ${formatDate(until)})` : ''}</>;
}

function HouseholdSection({ id, fileNumber, relationship }: { id: string; fileNumber: string; relationship: string | null }) {
  const { t } = useTranslation();
  const h = useApi((signal) => get<Household>(`/households/${id}`, { signal }), [id]);
  return (
    <Section title={t('person.household')}>
      <Text size="sm" mb="xs">{t('person.fileNumber')}: <Text span ff="monospace">{fileNumber}</Text>{relationship ? ` · ${t('person.relationshipToHead')}: ${relationship}` : ''}</Text>
      {h.loading && !h.data ? <Loading /> : h.error ? <ErrorState error={h.error} retry={h.reload} /> : h.data && (
        <>
          <Text size="sm" mb="xs" className="wrap-anywhere">{h.data.address}, <UnitName unit={h.data.unit} /></Text>
          <TableScroll label={t('person.household')}>
            <Table>
              <Table.Thead><Table.Tr>
                <Table.Th scope="col">{t('search.name')}</Table.Th><Table.Th scope="col">{t('search.born')}</Table.Th>
                <Table.Th scope="col">{t('person.relationshipToHead')}</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {h.data.members.map((m) => (
                  <Table.Tr key={m.idNumber}>
                    <Table.Td><Anchor component={Link} href={`/persons/${m.idNumber}`}>{m.fullName}</Anchor>{m.deathDate && <Badge ml="xs" size="xs" color="gray">{t('person.deceased')}</Badge>}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(m.birthDate)}</Table.Td>
                    <Table.Td>{m.relationshipToHead ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
          {h.data.membersElsewhere > 0 && <Text size="sm" c="dimmed" mt="xs">{t('person.membersElsewhere', { count: h.data.membersElsewhere })}</Text>}
        </>
      )}
    </Section>
  );
}

const who = (recordedBy: string, me: string | undefined, you: string) => (me && recordedBy === `officer:${me}` ? you : recordedBy.replace(/^officer:(.{8}).*$/, 'officer:$1…'));

function EventsSection({ events }: { events: ReturnType<typeof useApi<Events>> }) {
  const { t } = useTranslation();
  const { officer } = useSession();
  const ev = events;
  return (
    <Section title={t('person.events')}>
      {!ev.data && !ev.error ? <Loading /> : ev.error ? <ErrorState error={ev.error} retry={ev.reload} /> : ev.data!.events.length === 0 ? <Empty /> : (
        <TableScroll label={t('person.events')}>
          <Table data-testid="events">
            <Table.Thead><Table.Tr>
              <Table.Th scope="col">{t('event.date')}</Table.Th><Table.Th scope="col">{t('event.kind')}</Table.Th>
              <Table.Th scope="col">{t('history.basis')}</Table.Th><Table.Th scope="col">{t('history.who')}</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {ev.data!.events.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(e.date)}</Table.Td>
                  <Table.Td>{t(`event.${e.kind}`, { defaultValue: e.kind })}</Table.Td>
                  <Table.Td>{e.legalBasis}</Table.Td>
                  <Table.Td>{who(e.recordedBy, officer?.id, t('history.you'))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Section>
  );
}

const RESIDENCES = [
  { field: 'permanentResidence', unit: 'permanentUnitId', address: 'permanentAddress', label: 'person.permanentResidence' },
  { field: 'temporaryResidence', unit: 'temporaryUnitId', address: 'temporaryAddress', label: 'person.temporaryResidence' },
  { field: 'currentResidence', unit: 'currentUnitId', address: 'currentAddress', label: 'person.currentResidence' },
] as const;

/** Every version that set a residence, newest first: when, which residence, where, on what basis. */
function ResidenceHistory({ history }: { history: ReturnType<typeof useApi<History>> }) {
  const { t } = useTranslation();
  const rows = (history.data?.versions ?? []).flatMap((v) => RESIDENCES
    .filter((r) => v.changed.includes(r.field) && (v.data[r.unit] || v.data[r.address]))
    .map((r) => ({ key: `${v.version}-${r.field}`, when: v.validFrom, label: t(r.label), unitId: v.data[r.unit] as string | null, address: v.data[r.address] as string | null, basis: v.legalBasis })));
  const names = useUnitNames(rows.map((r) => r.unitId).filter((x): x is string => Boolean(x)));
  return (
    <Section title={t('person.residenceHistory')}>
      {!history.data && !history.error ? <Loading /> : history.error ? <ErrorState error={history.error} retry={history.reload} /> : rows.length === 0 ? <Empty /> : (
        <Stack gap="xs" data-testid="residence-history">
          {rows.map((r) => (
            <Text key={r.key} size="sm" className="wrap-anywhere">
              <b>{formatInstant(r.when).slice(0, 10)}</b> · {r.label}: {[r.address, r.unitId ? names[r.unitId] ?? r.unitId : null].filter(Boolean).join(', ')} · <i>{r.basis}</i>
            </Text>
          ))}
        </Stack>
      )}
    </Section>
  );
}

function HistorySection({ history }: { history: ReturnType<typeof useApi<History>> }) {
  const { t } = useTranslation();
  const { officer } = useSession();
  const h = history;
  return (
    <Section title={t('person.history')}>
      {!h.data && !h.error ? <Loading /> : h.error ? <ErrorState error={h.error} retry={h.reload} /> : (
        <TableScroll label={t('person.history')}>
          <Table data-testid="history">
            <Table.Thead><Table.Tr>
              <Table.Th scope="col" visibleFrom="sm">#</Table.Th><Table.Th scope="col">{t('history.when')}</Table.Th><Table.Th scope="col">{t('history.who')}</Table.Th>
              <Table.Th scope="col">{t('history.what')}</Table.Th><Table.Th scope="col">{t('history.basis')}</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {h.data!.versions.map((v) => (
                <Table.Tr key={v.version}>
                  <Table.Td visibleFrom="sm">{v.version}</Table.Td>
                  <Table.Td>{formatInstant(v.validFrom)}</Table.Td>
                  <Table.Td>{who(v.recordedBy, officer?.id, t('history.you'))}</Table.Td>
                  <Table.Td>{v.version === 1 ? t('history.created') : v.changed.map((c) => t(`person.${c}`, { defaultValue: c })).join(', ')}</Table.Td>
                  <Table.Td>{v.legalBasis}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
      )}
    </Section>
  );
}
