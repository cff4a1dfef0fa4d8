/** What launch.html hands to index.html across the SMART redirect (fhirclient keeps only its own state). */
import { isLocale, type Locale } from '../../src/config/locale.js';
import type { AppConfig } from '../../src/config/app-config.js';

const LOCALE_KEY = 'ifn-timing-cds.locale';

/** `?locale=` of the launch URL, kept for the page the launch redirects to. */
export function stashLocale(search: string): void {
  const asked = new URLSearchParams(search).get('locale');
  if (isLocale(asked)) sessionStorage.setItem(LOCALE_KEY, asked);
}

/** ?locale= of the launch, else the launch context's locale, else the service's default. */
export function chosenLocale(contextLocale: unknown, fallback: Locale): Locale {
  const stashed = sessionStorage.getItem(LOCALE_KEY);
  if (isLocale(stashed)) return stashed;
  if (isLocale(contextLocale)) return contextLocale;
  if (typeof contextLocale === 'string' && contextLocale.toLowerCase().startsWith('zh')) return 'zh-CN';
  return fallback;
}

export async function loadAppConfig(): Promise<AppConfig> {
  const res = await fetch('config.json', { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as AppConfig;
}
