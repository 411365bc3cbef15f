import type { BackendFormValues, FieldName } from './backend-form-model';
import { FormField } from './form-field';

export type JournalMatchFieldsProps = {
  form: BackendFormValues;
  errors: Partial<Record<FieldName, string>>;
  set: (patch: Partial<BackendFormValues>) => void;
};

/** Which entries of a journal are shown: by unit, or by syslog identifier; empty for all of them. */
export function JournalMatchFields({ form, errors, set }: JournalMatchFieldsProps) {
  return (
    <>
      <FormField label="Units" error={errors.units} hint="Comma-separated, at most 8: checkout.service (checkout alone means checkout.service). Empty with no identifiers: every entry.">
        {(control) => <input {...control} value={form.units} onChange={(e) => set({ units: e.target.value })} placeholder="checkout.service" spellCheck={false} />}
      </FormField>
      <FormField label="Identifiers" error={errors.identifiers} hint="Or syslog identifiers instead (journalctl -t), comma-separated.">
        {(control) => <input {...control} value={form.identifiers} onChange={(e) => set({ identifiers: e.target.value })} placeholder="sshd, CRON" spellCheck={false} />}
      </FormField>
    </>
  );
}
