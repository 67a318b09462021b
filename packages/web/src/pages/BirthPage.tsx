// Registering a birth (POST /births): the child, the parents (by ID number, or by name when they
// have none), where and when it is registered, and the legal act. The API allocates the ID number.
import { Fieldset, Select, SimpleGrid, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client.ts';
import type { Person } from '../api/types.ts';
import { DateField } from '../components/DateField.tsx';
import { UnitPicker } from '../components/UnitPicker.tsx';
import { parseDate } from '../format.ts';
import { FormFrame } from '../forms/FormFrame.tsx';
import { useRuleForm } from '../forms/useRuleForm.ts';
import { navigate, useLocation } from '../router.tsx';

export default function BirthPage() {
  const { t } = useTranslation();
  const { query } = useLocation();
  const f = useRuleForm({
    operation: 'POST /api/v1/births',
    initial: {
      fullName: '', sex: '', birthDate: '', placeOfBirth: '', birthRegistrationUnitId: '', registrationDate: '',
      fatherIdNumber: query.get('father') ?? '', motherIdNumber: query.get('mother') ?? '', fatherName: '', motherName: '', ethnicity: '', legalBasis: '',
    },
    dates: ['birthDate', 'registrationDate'],
  });
  const registeredOn = parseDate(f.values.registrationDate) ?? undefined;
  return (
    <>
      <Title order={1} mb="md">{t('birth.title')}</Title>
      <FormFrame problem={f.problem} invalid={f.invalid} busy={f.busy} cancelHref="/persons"
        onSubmit={() => void f.submit(async (body) => {
          const { data } = await call<Person>('POST', '/births', { body, headers: { 'idempotency-key': crypto.randomUUID() } });
          navigate(`/persons/${data.idNumber}?recorded=birth`);
        })}>
        <Fieldset legend={t('birth.child')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('person.fullName')} required {...f.input('fullName')} />
            <Select label={t('person.sex')} required data={[{ value: 'male', label: t('sex.male') }, { value: 'female', label: t('sex.female') }]}
              {...f.input('sex')} value={f.values.sex || null} />
            <DateField label={t('person.birthDate')} required {...f.input('birthDate')} onChange={(v) => f.set('birthDate', v)} />
            <TextInput label={t('person.placeOfBirth')} required {...f.input('placeOfBirth')} />
            <TextInput label={t('birth.ethnicity')} {...f.input('ethnicity')} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('birth.parents')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('birth.fatherId')} description={t('form.idNumber')} inputMode="numeric" {...f.input('fatherIdNumber')} />
            <TextInput label={t('birth.motherId')} description={t('form.idNumber')} inputMode="numeric" {...f.input('motherIdNumber')} />
            <TextInput label={t('birth.fatherName')} {...f.input('fatherName')} />
            <TextInput label={t('birth.motherName')} {...f.input('motherName')} />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t('birth.registration')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <UnitPicker label={t('birth.unit')} required name="birthRegistrationUnitId" value={f.values.birthRegistrationUnitId}
              onChange={(id) => f.set('birthRegistrationUnitId', id)} error={f.error('birthRegistrationUnitId')} at={registeredOn} />
            <DateField label={`${t('birth.registrationDate')} ${t('form.optional')}`} {...f.input('registrationDate')} onChange={(v) => f.set('registrationDate', v)} />
          </SimpleGrid>
          <TextInput mt="sm" label={t('form.legalBasis')} description={t('form.legalBasisHelp')} required {...f.input('legalBasis')} />
        </Fieldset>
      </FormFrame>
    </>
  );
}
