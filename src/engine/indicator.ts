/**
 * §4 indicator column and §5 (v3) per hook: "info (no suggestions) only for D1, D3, D6 when clear … and D12 when
 * favourable; everything else warns, or is critical". Patient-view is info except D8 (warning), D5 (warning),
 * D10 (its level) and D1 with cirrhosis (warning). ≥2 interferon drafts ⇒ at least warning.
 */
import { isOrderHook } from './evaluate.js';
import type { Decision, Hook } from './types.js';

export type Indicator = 'info' | 'warning' | 'critical';

function base(d: Decision, order: boolean): Indicator {
  switch (d.id) {
    case 'D10':
      return d.onTreatment?.level === 'stop' || d.onTreatment?.level === 'suspend' ? 'critical' : 'warning';
    case 'D8':
    case 'D5':
      return order ? 'critical' : 'warning';
    case 'D1':
      if (!order) return d.facts.fibrosis.cirrhosisAnySource ? 'warning' : 'info';
      return d.clear ? 'info' : 'warning';
    case 'D3':
    case 'D6':
      return order && !d.clear ? 'warning' : 'info';
    case 'D12':
      return order && !d.d12?.favourable ? 'warning' : 'info';
    default:
      return order ? 'warning' : 'info';
  }
}

export function indicatorFor(d: Decision, hook: Hook): Indicator {
  const order = isOrderHook(hook);
  const i = base(d, order);
  return order && d.duplicateOrder && i === 'info' ? 'warning' : i;
}
