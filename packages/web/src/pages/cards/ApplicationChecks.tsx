// The automatic checks of an application (docs/cards.md "Automatic checks"): the last run's
// verdict, each condition checked with its explanation in the officer's language — the failed
// ones first, with the server's own account of why — and "run the checks" while the application
// is open (POST …/checks; passing moves it to verified).
import { Alert, Button, List, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client.ts';
import { CHECK_CODES, type CardApplication, type CardChecks } from '../../api/card-types.ts';
import type { Problem } from '../../api/types.ts';
import { TableScroll } from '../../components/TableScroll.tsx';
import { formatInstant } from '../../format.ts';
import { useSession } from '../../session.tsx';
import { actorLabel } from './labels.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';

export function ApplicationChecks({ application: a, onChecked }: { application: CardApplication; onChecked(): void }) {
  const { t } = useTranslation();
  const { officer } = useSession();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const open = a.status === 'received' || a.status === 'verified';
  const run = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await call<CardChecks>('POST', `/card-applications/${a.id}/checks`, { headers: { 'idempotency-key': crypto.randomUUID() } });
      onChecked();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setProblem(e.problem);
    } finally {
      setBusy(false);
    }
  };
  const check = a.lastCheck;
  const failed = new Map((check?.failures ?? []).map((f) => [f.code, f.message]));
  // Failures first, then every other condition the server checks; a code this console does not know yet still shows.
  const codes = [...failed.keys(), ...CHECK_CODES.filter((c) => !failed.has(c))];
  return (
    <Stack gap="sm" data-testid="checks">
      {!check ? <Text size="sm">{t('cards.app.notChecked')}</Text> : (
        <>
          <Alert color={check.passed ? 'green' : 'red'} role="status" data-testid="checks-verdict" data-passed={String(check.passed)}>
            <Text size="sm" fw={600}>{check.passed ? t('cards.app.passed') : t('cards.app.failed', { count: check.failures.length })}</Text>
            <Text size="sm">{t('cards.app.checkedAt', { when: formatInstant(check.runAt), who: actorLabel(check.runBy, officer?.id, t('cards.app.you')) })}</Text>
          </Alert>
          {!check.passed && (
            <List size="sm" spacing={4} data-testid="check-failures">
              {check.failures.map((f) => (
                <List.Item key={f.code} data-code={f.code}>
                  <Text size="sm" fw={600} span>{t(`cards.check.${f.code}`, { defaultValue: f.code })}</Text>{' '}
                  <Text size="sm" span className="wrap-anywhere">({f.message})</Text>
                </List.Item>
              ))}
            </List>
          )}
          <TableScroll label={t('cards.app.checkList')}>
            <Table data-testid="check-list">
              <Table.Caption>{t('cards.app.checkList')}</Table.Caption>
              <Table.Tbody>
                {codes.map((c) => (
                  <Table.Tr key={c} data-code={c} data-ok={String(!failed.has(c))}>
                    <Table.Td className="wrap-anywhere">{t(`cards.check.${c}`, { defaultValue: c })}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}><Text size="sm" fw={600} c={failed.has(c) ? 'red.9' : 'teal.9'}>{failed.has(c) ? `✗ ${t('cards.app.notOk')}` : `✓ ${t('cards.app.ok')}`}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        </>
      )}
      {problem && <ProblemAlert problem={problem} />}
      {open && <div><Button onClick={() => void run()} loading={busy} variant={check?.passed ? 'default' : 'filled'}>{t('cards.app.runChecks')}</Button></div>}
    </Stack>
  );
}
