// The identity-card section of a person's page: the person's cards (number, status, issue and
// expiry dates), their open application if any, their past applications, and "open an
// application" when none is open. Two audited reads (GET /persons/{id}/cards and
// GET /card-applications?idNumber=), made only once the record itself is on screen.
import { Anchor, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import { OPEN_STATUSES, type CardApplications, type PersonCards as PersonCardsData } from '../../api/card-types.ts';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { TableScroll } from '../../components/TableScroll.tsx';
import { useApi } from '../../components/useApi.ts';
import { formatDate } from '../../format.ts';
import { Link } from '../../router.tsx';
import { ApplicationStatusBadge, CardStatusBadge } from './labels.tsx';
import './i18n.ts';

export function PersonCards({ idNumber, deceased }: { idNumber: string; deceased: boolean }) {
  const { t } = useTranslation();
  const cards = useApi((signal) => get<PersonCardsData>(`/persons/${idNumber}/cards`, { signal }), [idNumber]);
  const applications = useApi((signal) => get<CardApplications>('/card-applications', { signal, query: { idNumber, limit: 20 } }), [idNumber]);
  const open = applications.data?.items.find((a) => OPEN_STATUSES.includes(a.status));
  return (
    <Card withBorder component="section" aria-labelledby="person-cards-title" data-testid="person-cards">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id="person-cards-title">{t('cards.person.section')}</Title>
        {!deceased && applications.data && !open && (
          <Button component={Link} href={`/cards/applications/new?idNumber=${idNumber}`} variant="light">{t('cards.person.open')}</Button>
        )}
      </Group>
      <Stack gap="md">
        <div>
          <Title order={3} size="h5" mb={4}>{t('cards.person.openApplication')}</Title>
          {applications.loading && !applications.data ? <Loading /> : applications.error ? <ErrorState error={applications.error} retry={applications.reload} /> : open ? (
            <Group gap="xs" data-testid="open-application">
              <Anchor component={Link} href={`/cards/applications/${open.id}`} ff="monospace">{open.reference}</Anchor>
              <ApplicationStatusBadge status={open.status} />
              <Text size="sm">{t(`cards.kind.${open.kind}`)} · {formatDate(open.createdAt)}</Text>
            </Group>
          ) : <Text size="sm">{t('cards.person.noOpenApplication')}</Text>}
        </div>
        <div>
          <Title order={3} size="h5" mb={4}>{t('cards.person.cards')}</Title>
          {cards.loading && !cards.data ? <Loading /> : cards.error ? <ErrorState error={cards.error} retry={cards.reload} /> : cards.data!.items.length === 0 ? <Empty>{t('cards.person.none')}</Empty> : (
            <TableScroll label={t('cards.person.cards')}>
              <Table data-testid="cards">
                <Table.Thead><Table.Tr>
                  <Table.Th scope="col">{t('cards.person.number')}</Table.Th><Table.Th scope="col">{t('cards.person.status')}</Table.Th>
                  <Table.Th scope="col">{t('cards.person.issued')}</Table.Th><Table.Th scope="col">{t('cards.person.expires')}</Table.Th>
                </Table.Tr></Table.Thead>
                <Table.Tbody>
                  {cards.data!.items.map((c) => (
                    <Table.Tr key={c.cardNumber}>
                      <Table.Td><Anchor component={Link} href={`/cards/${c.cardNumber}`} ff="monospace" aria-label={t('cards.person.openCard', { number: c.cardNumber })}>{c.cardNumber}</Anchor></Table.Td>
                      <Table.Td><CardStatusBadge status={c.status} /></Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(c.issueDate)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.expiryDate ? formatDate(c.expiryDate) : t('cards.person.never')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </div>
        {applications.data && applications.data.items.some((a) => a !== open) && (
          <div>
            <Title order={3} size="h5" mb={4}>{t('cards.person.applications')}</Title>
            <Stack gap={2}>
              {applications.data.items.filter((a) => a !== open).map((a) => (
                <Group key={a.id} gap="xs">
                  <Anchor component={Link} href={`/cards/applications/${a.id}`} ff="monospace" size="sm">{a.reference}</Anchor>
                  <ApplicationStatusBadge status={a.status} />
                  <Text size="sm">{t(`cards.kind.${a.kind}`)} · {formatDate(a.createdAt)}</Text>
                </Group>
              ))}
            </Stack>
          </div>
        )}
      </Stack>
    </Card>
  );
}
