/** §4/§5 the card's indicator per decision and hook (v2: D1, D3 and D6 depend on the facts). */
import { isOrderHook } from './evaluate.js';
import type { Decision, Hook } from './types.js';

export type Indicator = 'info' | 'warning' | 'critical';

export function indicatorFor(d: Decision, hook: Hook): Indicator {
  const order = isOrderHook(hook);
  switch (d.id) {
    case 'D8':
      return order ? 'critical' : 'warning';
    case 'D5':
      return 'warning';
    case 'D6':
      return d.facts.latestAlt!.multiple > 10 ? 'warning' : 'info';
    case 'D1':
    case 'D3':
      return order && d.caveats.length > 0 ? 'warning' : 'info';
    default:
      return order ? 'warning' : 'info';
  }
}
