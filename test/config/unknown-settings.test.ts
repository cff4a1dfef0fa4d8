/** Unknown CDS_* variables: found, each with the nearest known name when it is a likely typo; the known list is what loadSettings reads. */
import { levenshtein, loadSettings, SETTING_NAMES, unknownSettingMessage, unknownSettings } from '../../src/config/settings.js';

describe('unknown settings', () => {
  it('levenshtein counts insertions, deletions and substitutions', () => {
    expect(levenshtein('', '')).toBe(0);
    expect(levenshtein('abc', 'abc')).toBe(0);
    expect(levenshtein('CDS_CLINICAL_CONFG', 'CDS_CLINICAL_CONFIG')).toBe(1);
    expect(levenshtein('CDS_AUTHH', 'CDS_AUTH')).toBe(1);
    expect(levenshtein('CDS_LOCALF', 'CDS_LOCALE')).toBe(1);
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
  });

  it('names each unknown CDS_* variable (sorted) with the nearest known one when close; ignores known and non-CDS variables', () => {
    const env = { CDS_CLINICAL_CONFG: 'x', CDS_METRICS_ALOW: 'y', CDS_COMPLETELY_DIFFERENT_THING: 'z', CDS_AUTH: 'off', PATH: '/bin', CDSX: '1', PORTT: '1' };
    expect(unknownSettings(env)).toEqual([
      { name: 'CDS_CLINICAL_CONFG', nearest: 'CDS_CLINICAL_CONFIG' },
      { name: 'CDS_COMPLETELY_DIFFERENT_THING' },
      { name: 'CDS_METRICS_ALOW', nearest: 'CDS_METRICS_ALLOW' },
    ]);
    expect(unknownSettings({ CDS_AUTH: 'off', CDS_DATA_DIR: '/tmp' })).toEqual([]);
  });

  it('the message names the variable and the suggestion, never the value', () => {
    expect(unknownSettingMessage({ name: 'CDS_CLINICAL_CONFG', nearest: 'CDS_CLINICAL_CONFIG' })).toBe('unknown setting CDS_CLINICAL_CONFG is ignored; did you mean CDS_CLINICAL_CONFIG?');
    expect(unknownSettingMessage({ name: 'CDS_WHATEVER_ELSE_ENTIRELY' })).toBe('unknown setting CDS_WHATEVER_ELSE_ENTIRELY is ignored');
  });

  it('SETTING_NAMES is exactly what loadSettings reads (a setting added without its name, or a stale name, fails here)', () => {
    const read = new Set<string>();
    // Reads with every CDS_* unset and again with the conditional ones set, so each branch's reads are seen.
    for (const base of [{}, { CDS_METRICS_PORT: '0', CDS_FIXED_NOW: '2026-01-01T00:00:00Z', CDS_CLINICAL_CONFIG: 'x.json' }]) {
      loadSettings(new Proxy(base as NodeJS.ProcessEnv, { get: (target, key) => (typeof key === 'string' && read.add(key), Reflect.get(target, key)) }));
    }
    expect([...read].sort()).toEqual([...SETTING_NAMES].sort());
  });
});
