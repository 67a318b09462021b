// What an officer sees instead of a record they may not read: a page that says why (outside the
// jurisdiction, a role without access, no such number), never an empty page.
import { Alert, Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

export function RefusedPerson({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const { officer } = useSession();
  const kind = error.problem.type.split('/').pop();
  const title = kind === 'outside-jurisdiction' ? t('person.outsideTitle') : error.status === 404 ? t('person.notFoundTitle') : t('person.forbiddenTitle');
  return (
    <Stack data-testid="refused" data-problem={kind}>
      <Title order={1}>{title}</Title>
      <Alert color={error.status === 404 ? 'gray' : 'yellow'} role="alert">
        {kind === 'outside-jurisdiction'
          ? <Text>{t('person.outside', { where: officer?.jurisdiction?.name ?? '' })}</Text>
          : <Text>{error.problem.detail ?? error.problem.title}</Text>}
      </Alert>
      <Anchor component={Link} href="/persons">{t('person.back')}</Anchor>
    </Stack>
  );
}
