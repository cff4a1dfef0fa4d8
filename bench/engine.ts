/**
 * `npm run bench:engine`: the clinical engine (decide + render) on a patient with 5 years of monthly labs
 * (~300 Observations), against a baseline measured in the same run: one JSON.stringify of the same data,
 * the least work any code that looks at every result once must do.
 */
import { createCardEngine } from '../src/service/card-engine.js';
import { DEFAULT_CLINICAL_CONFIG } from '../src/engine/config.js';
import { decide } from '../src/engine/decide.js';
import { assemble } from '../src/data/resolve.js';
import { syntheticPatient } from '../devkit/synthetic-patient.js';

const now = new Date('2026-06-15T12:00:00Z');
const resources = syntheticPatient(now, 60);
const data = assemble(resources);
const engine = createCardEngine(DEFAULT_CLINICAL_CONFIG, 'en');
const context = { userId: 'Practitioner/bench', patientId: 'bench' };

function measure(name: string, fn: () => unknown, minMs = 1500): { name: string; usPerCall: number; calls: number } {
  for (let i = 0; i < 200; i++) fn(); // warm-up (JIT)
  let calls = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) fn();
    calls += 100;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return { name, usPerCall: (elapsed * 1000) / calls, calls };
}

const observations = data.observations.length;
const decision = engine.evaluate('patient-view', context, data, now).evaluation.decision;
// Each call gets fresh arrays, as each request does, so per-call indexes are rebuilt every time.
const fresh = () => ({ ...data, observations: [...data.observations], conditions: [...data.conditions] });
const rows = [
  measure('baseline: JSON.stringify(data)', () => JSON.stringify(data)),
  measure('engine: decide (facts + D0–D8)', () => decide(fresh(), DEFAULT_CLINICAL_CONFIG, now.getTime())),
  measure('engine + card (en)', () => engine.evaluate('patient-view', context, fresh(), now)),
  measure('engine + card (zh-CN)', () => engine.evaluate('patient-view', context, fresh(), now, 'zh-CN')),
];
const baseline = rows[0]!.usPerCall;
console.log(`Engine benchmark — ${observations} Observations (60 months), decision ${decision?.id}, Node ${process.version}`);
console.log('| what | µs per call | calls | ratio to baseline |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.name} | ${r.usPerCall.toFixed(1)} | ${r.calls} | ${(r.usPerCall / baseline).toFixed(2)}× |`);
