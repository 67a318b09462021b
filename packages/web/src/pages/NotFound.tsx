// A page that is not there, or not for this role: what happened and the way back to the search.
import { Anchor, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.tsx';

function Notice({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{title}</Title>
      <Anchor component={Link} href="/">{t('notFound.back')}</Anchor>
    </Stack>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return <Notice title={t('notFound.title')} />;
}

export function Forbidden() {
  const { t } = useTranslation();
  return <Notice title={t('forbidden.title')} />;
}
