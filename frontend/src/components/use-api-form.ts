import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { useForm, type DefaultValues, type FieldPath, type FieldValues, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { isApiError, type ApiError } from '@/lib/api-client';
import { errorMessage } from './error-message';

// The one way the app writes a form: react-hook-form keeps the values, a zod
// schema checks them before anything is sent, and whatever the server
// answers lands in the same place: its field errors beside their fields
// (ApiError.fields), anything else as one message above the form.

export interface ApiFormOptions<TValues extends FieldValues, TOutput> {
  /** Built in the component, so its messages are in the reader's language. */
  schema: z.ZodType<TOutput, TValues>;
  defaultValues: DefaultValues<TValues>;
  onSubmit: (values: TOutput) => Promise<unknown>;
  /**
   * A say of its own for some failures: return what the form should show
   * (or null to show nothing), or undefined to let the usual handling run.
   */
  onError?: (error: unknown) => ReactNode | null | undefined;
  /** Above the form when the fields are marked (by the schema or the server); none by default. */
  invalidMessage?: string;
}

export function useApiForm<TValues extends FieldValues, TOutput = TValues>({
  schema,
  defaultValues,
  onSubmit,
  onError,
  invalidMessage,
}: ApiFormOptions<TValues, TOutput>) {
  const { t } = useTranslation();
  const form = useForm<TValues, unknown, TOutput>({
    resolver: zodResolver(schema) as Resolver<TValues, unknown, TOutput>,
    defaultValues,
  });
  const [formError, setFormError] = useState<ReactNode>(null);

  const submit = form.handleSubmit(
    async (values) => {
      setFormError(null);
      try {
        await onSubmit(values);
      } catch (error) {
        // Marks the submission as failed (isSubmitSuccessful stays false); cleared on the next one.
        form.setError('root.server', { type: 'server' });
        const own = onError?.(error);
        if (own !== undefined) setFormError(own);
        else setFormError(showServerErrors(error, form.setError, Object.keys(form.getValues()), t, invalidMessage));
      }
    },
    () => setFormError(invalidMessage ?? null),
  );

  /** The messages of one field, the way <Field errors> takes them. */
  function errorsOf(name: FieldPath<TValues>): string[] | undefined {
    const message = form.getFieldState(name, form.formState).error?.message;
    return message ? message.split('\n') : undefined;
  }

  /**
   * register() for text with a maximum length: past it the field says so
   * while typing, not only on submit. `measure` counts as the server does.
   */
  function registerWithMax(name: FieldPath<TValues>, max: number | null, measure: (value: string) => number = (value) => value.length) {
    return form.register(name, {
      onChange: (event: { target: { value: string } }) => {
        const over = max !== null && measure(event.target.value) > max;
        if (over || form.getFieldState(name).error) void form.trigger(name);
      },
    });
  }

  return { ...form, submit, errorsOf, registerWithMax, formError, setFormError, busy: form.formState.isSubmitting };
}

type SetError = (name: never, error: { type: string; message: string }, options: { shouldFocus: boolean }) => void;

/** Puts a server's field errors on the form's fields; returns the message for the rest. */
function showServerErrors(error: unknown, setError: SetError, names: string[], t: TFunction, invalidMessage?: string): string | null {
  if (!isApiError(error) || !Object.keys(error.fields).length) return errorMessage(error, t);
  const other = placeFieldErrors(error, names, (name, message, first) =>
    setError(name as never, { type: 'server', message }, { shouldFocus: first }),
  );
  return other.length ? other.join(' ') : (invalidMessage ?? null);
}

function placeFieldErrors(error: ApiError, names: string[], place: (name: string, message: string, first: boolean) => void): string[] {
  const other: string[] = [];
  let first = true;
  for (const [name, messages] of Object.entries(error.fields)) {
    if (names.includes(name)) {
      place(name, messages.join('\n'), first);
      first = false;
    } else {
      other.push(...messages);
    }
  }
  return other;
}
