// What every act's form has around its fields: the problem the API answered that belongs to no
// field, and the record / cancel buttons.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../api/types.ts';
import { problemText } from './problemText.ts';

export function FormFrame({ children, problem, invalid, busy, onSubmit, cancelHref }: {
  children: ReactNode; problem: Problem | null; invalid: boolean; busy: boolean; onSubmit(): void; cancelHref: string;
}) {
  const { t } = useTranslation();
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      <Stack maw={720}>
        {children}
        {invalid && <Alert color="red" role="alert">{t('form.fixErrors')}</Alert>}
        {problem && (
          <Alert color="red" role="alert" title={problemText(t, problem)} data-testid="form-problem">
            {problem.detail && <Text size="sm" className="wrap-anywhere">{problem.detail}</Text>}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>{t('form.submit')}</Button>
          <Button component="a" href={cancelHref} variant="default" onClick={(e: React.MouseEvent) => { e.preventDefault(); history.back(); }}>{t('form.cancel')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
