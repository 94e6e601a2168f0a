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
        aria-controls={props.id}
        data-testid={props.name ? `toggle-${props.name}` : undefined}
        onClick={() => setShown((value) => !value)}
      >
        {/* Short on screen, whole for screen readers; not aria-label, which
            would make the button a second match for the field's label. */}
        <span aria-hidden="true">{shown ? t('auth.hide') : t('auth.show')}</span>
        <span className="visually-hidden">{shown ? t('auth.hidePassword') : t('auth.showPassword')}</span>
      </button>
    </div>
  );
}
