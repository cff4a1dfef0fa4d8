/**
 * The patient banner: name, sex, birth date and an identifier, so a clinician sees whose chart this is. An EHR
 * that shows its own banner says `need_patient_banner: false` in the launch context; then the app shows none.
 * Missing values read "not recorded", never a guess.
 */
import type { PageText } from './messages.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The official (else usual, else first) name: its text, else given names and family name. */
export function patientName(patient: Obj): string | undefined {
  const names = list(patient.name).map(obj).filter((n): n is Obj => !!n);
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use === 'usual') ?? names[0];
  if (!name) return undefined;
  return str(name.text) ?? (str([...list(name.given).map(str).filter(Boolean), str(name.family)].filter(Boolean).join(' ')) || undefined);
}

/** The first identifier with a value, with its type's text when it has one (e.g. "MRN 12345"). */
export function patientIdentifier(patient: Obj): string | undefined {
  for (const id of list(patient.identifier).map(obj)) {
    const value = str(id?.value);
    if (!value) continue;
    const type = obj(id?.type);
    const label = str(type?.text) ?? str(obj(list(type?.coding)[0])?.display) ?? str(obj(list(type?.coding)[0])?.code);
    return label ? `${label} ${value}` : value;
  }
  return undefined;
}

export function showBanner(box: HTMLElement, patient: unknown, t: PageText, dateText: (iso: string) => string): void {
  const p = obj(patient) ?? {};
  const b = t.banner;
  const gender = str(p.gender);
  const born = str(p.birthDate);
  const fields: [key: string, label: string, value: string | undefined][] = [
    ['name', b.name, patientName(p)],
    ['sex', b.sex, gender ? (b.genders[gender] ?? gender) : undefined],
    ['born', b.born, born ? dateText(born) : undefined],
    ['id', b.id, patientIdentifier(p)],
  ];
  box.replaceChildren();
  box.setAttribute('aria-label', b.label);
  for (const [key, label, value] of fields) {
    const item = document.createElement('span');
    item.dataset.field = key;
    const l = document.createElement('span');
    l.className = 'label';
    l.textContent = `${label} `;
    const v = document.createElement(key === 'name' ? 'strong' : 'span');
    v.textContent = value ?? b.unknown;
    if (value === undefined) v.className = 'unknown';
    item.append(l, v);
    box.append(item);
  }
  box.hidden = false;
}
