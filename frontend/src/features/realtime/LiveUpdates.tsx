import { useLiveUpdates, type LiveUpdatesOptions } from './useLiveUpdates';

/** Mount once inside the query, toast and i18n providers. */
export function LiveUpdates(props: LiveUpdatesOptions) {
  useLiveUpdates(props);
  return null;
}
