/** What the text formats share: rates as percentages, reason maps as one cell. */
export const percent = (r: number | null): string => (r === null ? '–' : `${(r * 100).toFixed(1)}%`);

/** `code=n; code=n`, biggest first (the maps are already ordered so). */
export const pairs = (m: Record<string, number>): string =>
  Object.entries(m)
    .map(([k, n]) => `${k}=${n}`)
    .join('; ');

export const duration = (seconds: number | null): string => {
  if (seconds === null) return '–';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 2 * 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
};

export const NO_DATA = 'No data: no card was shown in this period, and no feedback arrived for unknown cards.';
