// Capturing the ten fingers (PUT …/fingerprints, docs/cards.md "Fingerprints"): per ISO/IEC
// 19794-4 position an image file from the scanner with the NFIQ 2 score it gave, or the legal
// reason the finger cannot be captured — never both. The console checks that each row is one or
// the other; the image's format and size are the API's to judge, and its refusal (with the
// pointer of the finger, /body/fingers/N/image) is shown under that finger.
import { Alert, Button, FileInput, Group, NumberInput, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client.ts';
import { MISSING_REASONS, type CardApplication } from '../../api/card-types.ts';
import type { Problem } from '../../api/types.ts';
import { fieldErrors } from '../../forms/problems.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

interface Row { file: File | null; quality: number | string; reason: string | null }
const POSITIONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** A file's bytes as base64, as the API takes finger images inside JSON. */
async function base64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function FingerprintCapture({ application: a, onStored }: { application: CardApplication; onStored(a: CardApplication): void }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Row[]>(() => POSITIONS.map(() => ({ file: null, quality: '', reason: null })));
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const set = (i: number, patch: Partial<Row>) => {
    setRows((r) => r.map((x, j) => (j === i ? { ...x, ...patch } : x)));
    setServerErrors({});
    setSaved(false);
  };
  const complete = (r: Row) => (r.reason ? !r.file && r.quality === '' : Boolean(r.file) && r.quality !== '');
  const rowError = (i: number) => {
    const server = serverErrors[`/body/fingers/${i}/image`] ?? serverErrors[`/body/fingers/${i}`] ?? serverErrors[`/body/fingers/${i}/quality`];
    if (server) return server;
    return submitted && !complete(rows[i]!) ? t('cards.capture.needOne') : undefined;
  };
  const send = async () => {
    setSubmitted(true);
    setProblem(null);
    const first = rows.findIndex((r) => !complete(r));
    if (first >= 0) {
      document.querySelector<HTMLElement>(`[data-field="finger-${first + 1}"]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const fingers = await Promise.all(rows.map(async (r, i) => (r.reason
        ? { position: i + 1, missingReason: r.reason }
        : { position: i + 1, image: await base64(r.file!), quality: Number(r.quality) })));
      const { data } = await call<CardApplication>('PUT', `/card-applications/${a.id}/fingerprints`, { body: { fingers }, headers: { 'idempotency-key': crypto.randomUUID() } });
      setSaved(true);
      setSubmitted(false);
      onStored(data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const byField = fieldErrors(e.problem);
      setServerErrors(byField);
      // Under its finger when it names one, and above the button in any case (the officer may have scrolled).
      setProblem(e.problem);
    } finally {
      setBusy(false);
    }
  };
  const reasons = MISSING_REASONS.map((r) => ({ value: r, label: t(`cards.missingReason.${r}`) }));
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }} aria-labelledby="capture-title" data-testid="capture">
      <Stack gap="sm">
        <Title order={3} size="h5" id="capture-title">{t('cards.capture.title')}</Title>
        <Text size="sm">{t('cards.capture.help')}</Text>
        {POSITIONS.map((p, i) => {
          const finger = t(`cards.fingerName.${p}`);
          const r = rows[i]!;
          const error = rowError(i);
          return (
            <SimpleGrid key={p} cols={{ base: 1, sm: 3 }} spacing="xs" data-position={p}>
              <FileInput label={t('cards.capture.image', { finger })} value={r.file} onChange={(f) => set(i, { file: f })} clearable clearButtonProps={{ 'aria-label': t('cards.capture.clear') }} disabled={Boolean(r.reason)}
                placeholder={t('cards.capture.choose')} name={`finger-${p}`} data-field={`finger-${p}`} error={error} accept="image/png,image/jpeg,image/jp2,.wsq,.png,.jpg,.jpeg,.jp2" />
              <NumberInput label={t('cards.capture.quality', { finger })} value={r.quality} onChange={(v) => set(i, { quality: v })} min={0} max={100} allowDecimal={false}
                disabled={Boolean(r.reason)} name={`quality-${p}`} />
              <Select label={t('cards.capture.reason', { finger })} data={reasons} value={r.reason} clearable name={`reason-${p}`}
                onChange={(v) => set(i, { reason: v, ...(v ? { file: null, quality: '' } : {}) })} comboboxProps={{ withinPortal: true }} />
            </SimpleGrid>
          );
        })}
        {problem && <ProblemAlert problem={problem} />}
        {saved && <Alert color="green" role="status">{t('cards.app.saved')}</Alert>}
        <Group><Button type="submit" loading={busy}>{t('cards.capture.send')}</Button></Group>
      </Stack>
    </form>
  );
}
