// A date typed as dd/mm/yyyy (what officers write on paper), sent to the API as YYYY-MM-DD.
import { TextInput, type TextInputProps } from '@mantine/core';

export function DateField(props: Omit<TextInputProps, 'onChange' | 'value'> & { value: string; onChange(text: string): void }) {
  const { value, onChange, ...rest } = props;
  return <TextInput placeholder="dd/mm/yyyy" inputMode="numeric" autoComplete="off" {...rest} value={value} onChange={(e) => onChange(e.currentTarget.value)} />;
}
