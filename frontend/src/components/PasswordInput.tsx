import { useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import './forms.css';

/** A password field with a show/hide toggle; takes the props of an <input>. */
export function PasswordInput({ ref, ...props }: Omit<ComponentProps<'input'>, 'type'>) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <div className="password-input">
      <input {...props} ref={ref} type={shown ? 'text' : 'password'} />
      <button
        type="button"
        className="password-input__toggle"
        aria-label={shown ? t('auth.hidePassword') : t('auth.showPassword')}
        aria-controls={props.id}
        data-testid={props.name ? `toggle-${props.name}` : undefined}
        onClick={() => setShown((value) => !value)}
      >
        {shown ? t('auth.hide') : t('auth.show')}
      </button>
    </div>
  );
}
