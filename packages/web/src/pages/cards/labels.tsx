// Small pieces every card page shares: the status badges, who did something ("you" for the
// officer themselves), and the applicant's age, which decides whether biometrics are collected.
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CardApplicationStatus, CardStatus } from '../../api/card-types.ts';
import { todayInVietnam } from '../../format.ts';
import './i18n.ts';

// Outlined in shade 9 on white: every colour here is at least 5:1 (WCAG 2.2 AA 1.4.3). The light
// variant's tint failed axe even with shade-9 text (teal), and green and orange fail on white even
// at shade 9, so "good" is teal.
const APPLICATION_COLOR: Record<CardApplicationStatus, string> = {
  received: 'blue', verified: 'indigo', approved: 'teal', rejected: 'red', cancelled: 'gray', in_production: 'violet', produced: 'grape', handed_over: 'teal',
};
const CARD_COLOR: Partial<Record<CardStatus, string>> = { active: 'teal', ready: 'blue', lost: 'red', stolen: 'red', revoked: 'red', expired: 'gray', replaced: 'gray', destroyed: 'gray', qc_failed: 'red' };

export function ApplicationStatusBadge({ status }: { status: CardApplicationStatus }) {
  const { t } = useTranslation();
  return <Badge variant="outline" color={`${APPLICATION_COLOR[status]}.9`} data-status={status}>{t(`cards.status.${status}`)}</Badge>;
}

export function CardStatusBadge({ status }: { status: CardStatus }) {
  const { t } = useTranslation();
  return <Badge variant="outline" color={`${CARD_COLOR[status] ?? 'violet'}.9`} data-status={status}>{t(`cards.cardStatus.${status}`)}</Badge>;
}

/** An actor as the API writes it ("officer:<uuid>", "citizen:<number>"): "you" for the officer signed in, else shortened. */
export function actorLabel(actor: string | null, me: string | undefined, you: string): string {
  if (!actor) return '—';
  if (me && actor === `officer:${me}`) return you;
  return actor.replace(/^officer:(.{8}).*$/, 'officer:$1…');
}

/** Whole years from a YYYY-MM-DD birth date to today in Vietnam; undefined for a partial date. */
export function ageToday(birthDate: string | null | undefined): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate ?? '');
  if (!m) return undefined;
  const [y, mo, d] = todayInVietnam().split('-').map(Number) as [number, number, number];
  const age = y - Number(m[1]);
  return mo < Number(m[2]) || (mo === Number(m[2]) && d < Number(m[3])) ? age - 1 : age;
}

/** Below 6 no photo or fingerprints are collected (Luật Căn cước 2023 Art. 23(2); server cards/application-checks.ts). */
export const BIOMETRICS_FROM_AGE = 6;

/** Who decides applications (server cards/application-service.ts DECIDING_ROLES). */
export const DECIDING_ROLES = ['admin', 'central', 'province'] as const;
