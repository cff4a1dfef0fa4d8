/** Readable decision names: the card topic's display (src/cards/messages.ts), so a new decision code brings its own. */
import { MESSAGES } from '../cards/messages.js';
import type { Locale } from '../config/locale.js';
import { NO_REASON } from './compute.js';

export function decisionNames(locale: Locale): (code: string) => string {
  const topics: Record<string, string> = MESSAGES[locale].topic;
  return (code) => (Object.hasOwn(topics, code) ? topics[code]! : code);
}

/** Readable override reasons: the display the cards offer them with. */
export function reasonNames(locale: Locale): (code: string) => string {
  const reasons: Record<string, string> = MESSAGES[locale].overrideReason;
  return (code) => (Object.hasOwn(reasons, code) ? reasons[code]! : code === NO_REASON ? 'no reason given' : 'not a reason this service offers');
}
