// A problem the API answered to an action on a card page (a refusal, a conflict): its title in
// the officer's language by its type, the server's own detail beneath, announced as an alert.
import { Alert, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/types.ts';
import { problemText } from '../../forms/problemText.ts';

export function ProblemAlert({ problem, children }: { problem: Problem; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    // The title in red.9: Mantine's red.8 on the alert's tint is 4.0:1, under WCAG AA for text this size.
    <Alert color="red" role="alert" title={problemText(t, problem)} styles={{ title: { color: 'var(--mantine-color-red-9)' } }}
      data-testid="action-problem" data-problem={problem.type.split('/').pop()}>
      {problem.detail && <Text size="sm" className="wrap-anywhere">{problem.detail}</Text>}
      {children}
    </Alert>
  );
}
