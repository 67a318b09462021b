import { Anchor, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.tsx';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t('notFound.title')}</Title>
      <Anchor component={Link} href="/">{t('notFound.back')}</Anchor>
    </Stack>
  );
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1}>{t('forbidden.title')}</Title>
      <Anchor component={Link} href="/">{t('notFound.back')}</Anchor>
    </Stack>
  );
}
