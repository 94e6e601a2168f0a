import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/Button';
import type { ControlProps } from '@/components/Field';
import { formatBytes } from '@/lib/format';

interface Props {
  control: ControlProps;
  name: string;
  file: File | null;
  accept: string | undefined;
  /** Called as soon as a file is picked (so it is checked at once) or removed. */
  onChange: (file: File | null) => void;
}

/** A file picker that shows the picked file and lets the user take it back. */
export function AttachmentInput({ control, name, file, accept, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  // The input's value is read-only but for '': empty it whenever the file goes.
  useEffect(() => {
    if (!file && input.current) input.current.value = '';
  }, [file]);
  return (
    <>
      <input {...control} ref={input} name={name} type="file" accept={accept} onChange={(e) => onChange(e.target.files?.[0] ?? null)} />
      {file ? (
        <div className="picked-file" data-testid={`picked-${name}`}>
          <span className="picked-file__name">{t('form.pickedFile', { name: file.name, size: formatBytes(file.size, i18n.language) })}</span>
          <Button variant="ghost" size="sm" onClick={() => onChange(null)} data-testid={`remove-picked-${name}`}>
            {t('form.removePicked', { name: file.name })}
          </Button>
        </div>
      ) : null}
    </>
  );
}
