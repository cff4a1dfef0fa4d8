/**
 * The Kubernetes manifests under deploy/kubernetes: every object valid against the Kubernetes API schemas
 * (kubernetes-models: the OpenAPI schemas of the API, compiled for ajv, shipped in the npm package; nothing is
 * downloaded), and what a hospital's platform team checks: probes on the service's routes, non-root and read-only,
 * resources, a disruption budget, secrets from a Secret, the clinical config from the ConfigMap (and valid).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { loadClinicalConfig } from '../../src/config/clinical-config.js';
import { parseTrustedClients } from '../../src/config/trusted-clients.js';
import { PACKAGE_ROOT } from '../../src/config/settings.js';
import { tempDir } from '../../devkit/processes.js';

const dir = path.join(PACKAGE_ROOT, 'deploy', 'kubernetes');
const models = { Deployment, PodDisruptionBudget, ConfigMap, Secret, Service } as const;
type Kind = keyof typeof models;

const objects = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((f) => YAML.parseAllDocuments(readFileSync(path.join(dir, f), 'utf8')).map((d) => ({ file: f, object: d.toJS() as { kind: Kind; metadata: { name: string } } })));
const one = <T>(kind: Kind) => {
  const found = objects.filter((o) => o.object.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!.object as unknown as T;
};

test('every manifest is a known kind and valid against the Kubernetes schemas', () => {
  expect(objects.map((o) => o.object.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Secret', 'Service']);
  for (const { object } of objects) expect(() => new models[object.kind](object as never).validate()).not.toThrow();
});

test('the schema check would catch a wrong type (the validator is not a no-op)', () => {
  const d = structuredClone(one<IDeployment>('Deployment'));
  (d.spec as { replicas: unknown }).replicas = 'two';
  expect(() => new Deployment(d).validate()).toThrow(/replicas/);
});

test('kustomization lists every manifest', () => {
  const k = YAML.parse(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
  expect(k.resources.sort()).toEqual([...new Set(objects.map((o) => o.file))].sort());
});

test('the Deployment: probes, non-root, read-only root filesystem, resources, secrets from the Secret', () => {
  const d = one<IDeployment>('Deployment');
  const pod = d.spec!.template.spec!;
  const [c] = pod.containers;
  expect(pod.containers).toHaveLength(1);
  const { version } = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(c!.image).toMatch(new RegExp(`/ifn-timing-cds:${version.replaceAll('.', '\\.')}$`));
  expect(c!.livenessProbe?.httpGet?.path).toBe('/livez');
  expect(c!.readinessProbe?.httpGet?.path).toBe('/readyz');
  expect(pod.securityContext?.runAsNonRoot).toBe(true);
  expect(pod.securityContext?.runAsUser).toBe(10001); // the image's user
  expect(c!.securityContext?.readOnlyRootFilesystem).toBe(true);
  expect(c!.securityContext?.allowPrivilegeEscalation).toBe(false);
  expect(c!.securityContext?.capabilities?.drop).toEqual(['ALL']);
  expect(c!.resources?.requests?.cpu).toBeDefined();
  expect(c!.resources?.requests?.memory).toBeDefined();
  expect(c!.resources?.limits?.memory).toBeDefined();
  // The only writable paths are volumes.
  expect(c!.volumeMounts?.filter((m) => !m.readOnly).map((m) => m.mountPath).sort()).toEqual(['/data', '/tmp']);
  // The drain lasts at least as long as the readiness probe needs to see /readyz 503 (period × failureThreshold),
  // lies within the service's own grace period, and that within the pod's termination grace period.
  const envValue = (name: string) => Number(c!.env!.find((e) => e.name === name)?.value);
  const probeSeesDrainMs = c!.readinessProbe!.periodSeconds! * c!.readinessProbe!.failureThreshold! * 1000;
  expect(envValue('CDS_DRAIN_MS')).toBeGreaterThanOrEqual(probeSeesDrainMs);
  expect(envValue('CDS_SHUTDOWN_GRACE_MS')).toBeGreaterThan(envValue('CDS_DRAIN_MS'));
  expect(pod.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(envValue('CDS_SHUTDOWN_GRACE_MS'));

  const secret = one<{ metadata: { name: string }; stringData: Record<string, string> }>('Secret');
  const env = new Map(c!.env!.map((e) => [e.name, e]));
  for (const name of ['CDS_DATABASE_URL', 'CDS_ADMIN_TOKEN']) {
    expect(env.get(name)?.value).toBeUndefined();
    expect(env.get(name)?.valueFrom?.secretKeyRef).toEqual({ name: secret.metadata.name, key: name });
    expect(secret.stringData[name]).toBeDefined();
  }
  // More than one replica shares PostgreSQL, never a SQLite file.
  expect(d.spec!.replicas).toBeGreaterThan(1);
  expect(env.has('CDS_DATABASE_URL')).toBe(true);
});

test('the Service and the PodDisruptionBudget select the Deployment’s pods; the PDB keeps one', () => {
  const labels = one<IDeployment>('Deployment').spec!.template.metadata!.labels!;
  const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
  const service = one<{ spec: { selector: Record<string, string> } }>('Service');
  const pdb = one<{ spec: { minAvailable: number; selector: { matchLabels: Record<string, string> } } }>('PodDisruptionBudget');
  expect(selects(service.spec.selector)).toBe(true);
  expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
  expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
});

test('the ConfigMap holds a clinical config and trusted clients the service accepts, mounted where the env points', () => {
  const d = one<IDeployment>('Deployment');
  const c = d.spec!.template.spec!.containers[0]!;
  const cm = one<{ metadata: { name: string }; data: Record<string, string> }>('ConfigMap');
  const mount = c.volumeMounts!.find((m) => m.name === 'config')!;
  const volume = d.spec!.template.spec!.volumes!.find((v) => v.name === 'config')!;
  expect(volume.configMap?.name).toBe(cm.metadata.name);
  const env = new Map(c.env!.map((e) => [e.name, e.value]));
  for (const [name, key] of [['CDS_CLINICAL_CONFIG', 'clinical-config.json'], ['CDS_TRUSTED_CLIENTS', 'trusted-clients.json']] as const) {
    expect(env.get(name)).toBe(path.posix.join(mount.mountPath, key));
  }
  const tmp = tempDir('ifn-k8s-config-');
  writeFileSync(path.join(tmp, 'clinical-config.json'), cm.data['clinical-config.json']!);
  expect(() => loadClinicalConfig(path.join(tmp, 'clinical-config.json'))).not.toThrow();
  expect(parseTrustedClients(cm.data['trusted-clients.json'])).toHaveLength(1);
});
