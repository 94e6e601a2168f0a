import { useTranslation } from 'react-i18next';

/** "12 / 200" under a text field, in error colours past the maximum. */
export function LengthCount({ length, max, testId }: { length: number; max: number; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={length > max ? 'field__count field__count--over' : 'field__count'} data-testid={testId}>
      {t('form.count', { count: length, max })}
    </span>
  );
}
