// An application's biometrics: the face photo and the ten fingers as stored (position, format,
// NFIQ 2 quality with low ones flagged, or the legal reason a finger is missing), and — while the
// application is open and the citizen is 6 or older — their capture: the photo as a JPEG file
// (PUT …/photo, the image itself as the body) and the fingers (FingerprintCapture).
// The API serves no stored photo back (no GET …/photo), so the photo shows only right after it
// was uploaded in this tab; otherwise its stored size is shown.
import { Button, FileInput, Group, Image, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client.ts';
import type { CardApplication } from '../../api/card-types.ts';
import type { Problem } from '../../api/types.ts';
import { TableScroll } from '../../components/TableScroll.tsx';
import { FingerprintCapture } from './FingerprintCapture.tsx';
import { ageToday, BIOMETRICS_FROM_AGE } from './labels.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';

/** Photos uploaded in this tab, by application: an object URL of the bytes the server accepted. */
const uploaded = new Map<string, string>();

export function ApplicationBiometrics({ application: a, onChanged }: { application: CardApplication; onChanged(a: CardApplication): void }) {
  const { t } = useTranslation();
  const age = ageToday(a.birthDate);
  const collected = age === undefined || age >= BIOMETRICS_FROM_AGE;
  const open = a.status === 'received' || a.status === 'verified';
  if (!collected) return <Text size="sm" data-testid="under-6">{t('cards.app.under6')}</Text>;
  return (
    <Stack gap="md">
      <PhotoPart a={a} open={open} onChanged={onChanged} />
      <div>
        <Title order={3} size="h5" mb={4}>{t('cards.app.fingers')}</Title>
        {a.fingerprints.length === 0 ? <Text size="sm">{t('cards.app.noFingers')}</Text> : (
          <TableScroll label={t('cards.app.fingers')}>
            <Table data-testid="fingers">
              <Table.Thead><Table.Tr>
                <Table.Th scope="col">{t('cards.app.finger')}</Table.Th><Table.Th scope="col">{t('cards.app.fingerState')}</Table.Th><Table.Th scope="col">{t('cards.app.quality')}</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {a.fingerprints.map((f) => (
                  <Table.Tr key={f.position} data-position={f.position}>
                    <Table.Td>{f.position}. {t(`cards.fingerName.${f.position}`)}</Table.Td>
                    <Table.Td>{f.missingReason
                      ? <Text size="sm" fw={600}>{t('cards.app.missing', { reason: t(`cards.missingReason.${f.missingReason}`) })}</Text>
                      : t('cards.app.captured', { format: (f.format ?? '').toUpperCase() })}</Table.Td>
                    <Table.Td>{f.quality ?? '—'}{f.lowQuality && <Text span size="sm" c="red.9" fw={600}> ({t('cards.app.lowQuality')})</Text>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
      </div>
      {open && <FingerprintCapture application={a} onStored={onChanged} />}
    </Stack>
  );
}

function PhotoPart({ a, open, onChanged }: { a: CardApplication; open: boolean; onChanged(a: CardApplication): void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [shown, setShown] = useState(uploaded.get(a.id));
  const send = async () => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await call<CardApplication>('PUT', `/card-applications/${a.id}/photo`, {
        body: file, headers: { 'content-type': 'image/jpeg', 'idempotency-key': crypto.randomUUID() },
      });
      const url = URL.createObjectURL(file);
      const old = uploaded.get(a.id);
      if (old) URL.revokeObjectURL(old);
      uploaded.set(a.id, url);
      setShown(url);
      setFile(null);
      onChanged(data);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setProblem(e.problem);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Title order={3} size="h5" mb={4}>{t('cards.app.photo')}</Title>
      <Group align="flex-start" gap="md" wrap="wrap">
        {shown && a.photo && <Image src={shown} alt={t('cards.app.photoAlt', { name: a.fullName ?? a.idNumber })} w={120} h={160} fit="cover" radius="sm" data-testid="photo" />}
        <Stack gap={4} style={{ flex: 1, minWidth: 200 }}>
          <Text size="sm" data-testid="photo-state">{a.photo ? t('cards.app.photoStored', { width: a.photo.width, height: a.photo.height, kb: Math.round(a.photo.bytes / 1024) }) : t('cards.app.noPhoto')}</Text>
          {a.photo && !shown && <Text size="sm" c="dimmed">{t('cards.app.photoNotServed')}</Text>}
        </Stack>
      </Group>
      {open && (
        <form noValidate onSubmit={(e) => { e.preventDefault(); void send(); }}>
          <Stack gap="xs" mt="sm">
            <FileInput label={t('cards.app.uploadPhoto')} description={t('cards.app.photoHelp')} accept="image/jpeg" value={file} onChange={setFile}
              placeholder={t('cards.capture.choose')} clearable clearButtonProps={{ 'aria-label': t('cards.capture.clear') }} name="photo" data-field="photo" />
            {problem && <ProblemAlert problem={problem} />}
            <Group><Button type="submit" disabled={!file} loading={busy}>{t('cards.app.send')}</Button></Group>
          </Stack>
        </form>
      )}
    </div>
  );
}
