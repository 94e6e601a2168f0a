import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { browserZone, isDay, isInterval, isPreset, isZone, presetDays, type RangeState } from '../range';

/** The dashboard's range lives in the URL, like the list's filters: bookmarkable, Back works. */
export function parseRange(params: URLSearchParams, now: Date = new Date()): RangeState {
  const tz = isZone(params.get('tz')) ? (params.get('tz') as string) : browserZone();
  const interval = isInterval(params.get('interval')) ? (params.get('interval') as RangeState['interval']) : null;
  const since = params.get('since');
  const until = params.get('until');
  const preset = params.get('range');
  if (preset === 'custom' && isDay(since) && isDay(until)) {
    return { preset, since, until, tz, interval };
  }
  const chosen = isPreset(preset) && preset !== 'custom' ? preset : '30';
  return { preset: chosen, ...presetDays(chosen, tz, now), tz, interval };
}

export function rangeToParams(state: RangeState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.preset !== '30') params.set('range', state.preset);
  if (state.preset === 'custom') {
    params.set('since', state.since);
    params.set('until', state.until);
  }
  if (state.tz !== browserZone()) params.set('tz', state.tz);
  if (state.interval) params.set('interval', state.interval);
  return params;
}

export function useReportRange() {
  const [params, setParams] = useSearchParams();
  const range = useMemo(() => parseRange(params), [params]);
  const update = useCallback(
    (changes: Partial<RangeState>) => {
      setParams((current) => {
        const next = { ...parseRange(current), ...changes };
        if (changes.preset && changes.preset !== 'custom') Object.assign(next, presetDays(changes.preset, next.tz));
        return rangeToParams(next);
      });
    },
    [setParams],
  );
  return { range, update };
}
