// Finding a citizen: by name as one types (diacritics optional; the API tolerates typos), narrowed
// by date of birth, or by the 12-digit personal ID number. Results show what tells namesakes
// apart: date of birth, sex and commune. The query lives in the address (?q=&dob=&page=), so the
// back button and a shared link return to the same results.
import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';
import { read } from '../api/early.ts';
import type { Person, SearchResult } from '../api/types.ts';
import { DateField } from '../components/DateField.tsx';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { UnitName } from '../components/UnitName.tsx';
import { useApi } from '../components/useApi.ts';
import { formatDate, parseDate } from '../format.ts';
import { fieldErrors } from '../forms/problems.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { problemText } from '../forms/problemText.ts';
import { TableScroll } from '../components/TableScroll.tsx';
import { classify, MAX_PAGES, PAGE_SIZE, searchPage, searchRead } from './reads.ts';

const TYPING_PAUSE_MS = 350;

type Answer = { query: string } & ({ items: SearchResult['items'] } | { person: Person });

export function SearchPage() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const dob = query.get('dob') ?? '';
  const page = searchPage(query);
  const [text, setText] = useState(q);
  const [dateText, setDateText] = useState(dob ? dob.split('-').reverse().join('/') : '');
  useEffect(() => setText(q), [q]);

  const birthDate = dateText ? parseDate(dateText) : undefined;
  const dateInvalid = dateText !== '' && !birthDate;

  const go = (nextText: string, nextDate: string | undefined, nextPage = 1, replace = true) => {
    const p = new URLSearchParams();
    if (nextText.trim()) p.set('q', nextText.trim());
    if (nextDate) p.set('dob', nextDate);
    if (nextPage > 1) p.set('page', String(nextPage));
    navigate(`/persons${p.size ? `?${p}` : ''}`, { replace });
  };

  // Search as one types: after a short pause, the address (and so the results) follow the input.
  useEffect(() => {
    if (text.trim() === q && (birthDate ?? '') === dob) return;
    if (dateInvalid) return;
    const timer = setTimeout(() => go(text, birthDate), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
    // Keyed by what was typed; go() and the current query are read as they are then.
  }, [text, birthDate, dateInvalid]);

  const kind = classify(q);
  // Each answer carries the query it answers, so the results on screen are never labelled with a
  // newer query whose answer has not arrived yet (bench:web waits for exactly that label).
  // The request itself may already be on its way: started by the Enter that set this address.
  const request = searchRead(query);
  const results = useApi<Answer>(
    request && kind.kind === 'name'
      ? async (signal) => ({ query: q, ...(await read<SearchResult>(request, signal)) })
      : request
        ? async (signal) => ({ query: q, person: await read<Person>(request, signal) })
        : null,
    [q, dob, page],
  );
  const submit = useCallback(() => { if (!dateInvalid) go(text, birthDate, 1, false); }, [text, birthDate, dateInvalid]);
  const problems = results.error ? fieldErrors(results.error.problem) : {};
  const nameProblem = problems['/querystring/name'];
  const dateProblem = problems['/querystring/birthDate'];

  return (
    <Stack>
      <Title order={1}>{t('search.title')}</Title>
      <SearchForm text={text} dateText={dateText} onText={setText} onDate={setDateText} onSubmit={submit}
        nameError={nameProblem} dateError={dateInvalid ? t('search.badDate') : dateProblem} />
      {kind.kind === 'old-id' && <Alert color="yellow" role="status">{t('search.oldId')}</Alert>}
      {kind.kind === 'none' && !q && <Text c="dimmed">{t('search.start')}</Text>}
      <Results page={page} results={results} hideProblem={Boolean(nameProblem || dateProblem)}
        onPage={(p) => go(q, dob || undefined, p, false)} />
    </Stack>
  );
}

// Memoised: an answer arriving, or the address changing on Enter, leaves the form as it is, and
// its inputs are among the costlier components to render (bench:web: response → painted).
const SearchForm = memo(function SearchForm({ text, dateText, onText, onDate, onSubmit, nameError, dateError }: {
  text: string; dateText: string; onText(v: string): void; onDate(v: string): void; onSubmit(): void; nameError?: string; dateError?: string;
}) {
  const { t } = useTranslation();
  return (
    <form role="search" onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      <Group align="flex-start" wrap="wrap">
        <TextInput
          name="q" label={t('search.query')} description={t('search.queryHelp')} value={text} autoComplete="off" autoFocus
          onChange={(e) => onText(e.currentTarget.value)} error={nameError} style={{ flex: '1 1 18rem' }} data-testid="search-input"
        />
        <DateField name="dob" label={t('search.birthDate')} description={t('search.dateHelp')} value={dateText} onChange={onDate}
          error={dateError} style={{ flex: '0 1 12rem' }} />
        <Button type="submit" mt={{ base: 0, sm: 46 }}>{t('search.title')}</Button>
      </Group>
    </form>
  );
});

function Results({ page, results, hideProblem, onPage }: {
  page: number; hideProblem: boolean; onPage(p: number): void;
  results: { data?: Answer; error?: ApiError; loading: boolean; reload(): void };
}) {
  const { t } = useTranslation();
  const data = results.data;
  // The same array for the same answer, so the memoised rows do not re-render while the next
  // query is on its way (bench:web: Enter → request sent).
  const all = useMemo(() => (!data ? [] : 'person' in data
    ? [{ ...data.person, currentResidence: data.person.currentResidence?.unit ?? null, score: 1, wholeWords: true }]
    : data.items), [data]);
  // One page per request (offset); the one result beyond it only says whether there is a next page.
  const items = useMemo(() => all.slice(0, PAGE_SIZE), [all]);
  if (results.loading && !results.data) return <Loading />;
  if (results.error) {
    if (hideProblem) return null;
    if (results.error.status === 404) return <Empty>{t('search.noResults')}</Empty>;
    if (results.error.status === 403) return <Alert color="yellow" role="alert" title={problemText(t, results.error.problem)}>{results.error.problem.detail}</Alert>;
    return <ErrorState error={results.error} retry={results.reload} />;
  }
  if (!results.data) return null;
  if (items.length === 0) return <Empty><span data-results-for={results.data.query}>{t('search.noResults')}</span></Empty>;
  const more = all.length > PAGE_SIZE && page < MAX_PAGES;
  return (
    <Stack gap="xs" data-results-for={results.data.query} aria-busy={results.loading}>
      <Text role="status" size="sm">{t('search.results', { count: items.length })}{page > 1 ? ` — ${t('search.page', { page })}` : ''}</Text>
      <ResultTable items={items} />
      {(page > 1 || more) && (
        <Group component="nav" aria-label={t('search.page', { page })}>
          <Button variant="default" disabled={page <= 1} onClick={() => onPage(page - 1)}>{t('search.previous')}</Button>
          <Text size="sm">{t('search.page', { page })}</Text>
          <Button variant="default" disabled={!more} onClick={() => onPage(page + 1)}>{t('search.next')}</Button>
        </Group>
      )}
    </Stack>
  );
}

type Row = SearchResult['items'][number];

// Twenty rows render at once when an answer arrives: inside the cells, plain elements with the
// look of Mantine's <Text size="xs"> (styles.css) rather than a component each (bench:web:
// response → results painted).
const ResultTable = memo(function ResultTable({ items }: { items: Row[] }) {
  const { t } = useTranslation();
  return (
    <TableScroll label={t('search.title')}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('search.name')}</Table.Th>
            <Table.Th scope="col">{t('search.born')}</Table.Th>
            <Table.Th scope="col" visibleFrom="sm">{t('search.sex')}</Table.Th>
            <Table.Th scope="col">{t('search.residence')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <Table.Tr key={p.idNumber}>
              <Table.Td>
                <Anchor component={Link} href={`/persons/${p.idNumber}`} fw={600}>{p.fullName}</Anchor>
                <div className="result-id">{p.idNumber}</div>
                {p.deathDate && <Badge color="gray" variant="light" size="sm">{t('search.died', { date: formatDate(p.deathDate) })}</Badge>}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(p.birthDate)}<div className="mantine-hidden-from-sm result-small">{t(`sex.${p.sex}`)}</div></Table.Td>
              <Table.Td visibleFrom="sm">{t(`sex.${p.sex}`)}</Table.Td>
              <Table.Td><UnitName unit={p.currentResidence} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
});
