// Loading, empty and error states, the same on every page.
import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm"><Loader size="sm" aria-hidden /><Text>{t('state.loading')}</Text></Group>
    </Center>
  );
}

export function Empty({ children }: { children?: React.ReactNode }) {
  const { t } = useTranslation();
  return <Text c="dimmed" py="md" role="status">{children ?? t('state.empty')}</Text>;
}

export function ErrorState({ error, retry }: { error: ApiError; retry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" title={t('state.error')} role="alert">
      <Stack gap="xs">
        <Text size="sm">{error.problem.detail ?? error.problem.title}</Text>
        {retry && <Group><Button variant="outline" color="red" size="xs" onClick={retry}>{t('state.retry')}</Button></Group>}
      </Stack>
    </Alert>
  );
}
