import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api-types';

export type LinkRating = components['schemas']['LinkRating'];
export type LinkRatingInput = components['schemas']['LinkRatingWriteRequest'];

/** The e-mailed one-click link: the token is the authorization, no sign-in. */
export function rateByLink(token: string, input: LinkRatingInput): Promise<LinkRating> {
  return api.post<LinkRating>(`/api/ratings/${encodeURIComponent(token)}/`, input, { auth: false });
}

export function useRateByLink(token: string) {
  return useMutation({ mutationFn: (input: LinkRatingInput) => rateByLink(token, input) });
}
