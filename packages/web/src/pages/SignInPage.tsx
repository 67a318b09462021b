// Sign-in: the accounts the API has (POST /auth/login). On a development start the page says which
// bootstrap account to use (GET /console/config; never in production). After signing in the
// officer returns to the page that sent them here (`next`), e.g. after their session expired.
import { Alert, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../api/client.ts';
import type { ConsoleConfig } from '../api/types.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { useApi } from '../components/useApi.ts';
import { fieldErrors } from '../forms/problems.ts';
import { problemText } from '../forms/problemText.ts';
import { navigate, useLocation } from '../router.tsx';
import { homeOf, useSession } from '../session.tsx';

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const { query } = useLocation();
  const config = useApi((signal) => get<ConsoleConfig>('/console/config', { signal }), []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiError | null>(null);
  const reason = query.get('reason');
  const next = query.get('next');
  const errors = problem ? fieldErrors(problem.problem) : {};

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const officer = await signIn(username.trim(), password);
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : homeOf(officer), { replace: true });
    } catch (err) {
      setProblem(err instanceof ApiError ? err : null);
    } finally {
      setBusy(false);
    }
  }

  const hint = config.data?.signInHint;
  return (
    <Box component="main" id="main" mih="100vh" bg="gray.0" p="md">
      <Group justify="flex-end"><LanguageSwitch /></Group>
      <Center mt="xl">
        <Paper withBorder shadow="sm" p="xl" w="100%" maw={420}>
          <form onSubmit={submit} noValidate>
            <Stack>
              <div>
                <Title order={1} size="h2">{t('app.name')}</Title>
                <Text c="dimmed" size="sm">{t('app.subtitle')}</Text>
              </div>
              <Title order={2} size="h3">{t('signIn.title')}</Title>
              <Text size="sm">{t('signIn.intro')}</Text>
              {reason === 'expired' && <Alert color="yellow" role="status">{t('signIn.expired')}</Alert>}
              {reason === 'signed-out' && <Alert color="blue" role="status">{t('signIn.signedOut')}</Alert>}
              {hint && (
                <Alert color="blue" title={t('signIn.devHintTitle')} data-testid="dev-hint">
                  <Text size="sm" className="wrap-anywhere">{t('signIn.devHint', { username: hint.username, file: hint.passwordFile })}</Text>
                </Alert>
              )}
              <TextInput label={t('signIn.username')} name="username" autoComplete="username" required value={username}
                onChange={(e) => setUsername(e.currentTarget.value)} error={errors['/body/username']} autoFocus />
              <PasswordInput label={t('signIn.password')} name="password" autoComplete="current-password" required value={password}
                onChange={(e) => setPassword(e.currentTarget.value)} error={errors['/body/password']} />
              {problem && !Object.keys(errors).length && (
                <Alert color="red" role="alert">{problemText(t, problem.problem)}</Alert>
              )}
              <Button type="submit" loading={busy}>{t('signIn.submit')}</Button>
            </Stack>
          </form>
        </Paper>
      </Center>
    </Box>
  );
}
