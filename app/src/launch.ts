/**
 * launch.html: the SMART launch. An EHR launch (?iss=&launch=) goes through the EHR's authorization server;
 * an open server (?fhirServiceUrl=&patientId=) skips it. Either way fhirclient redirects to index.html.
 */
import FHIR from 'fhirclient';
import { loadAppConfig, stashLocale } from './session.js';

async function launch(): Promise<void> {
  stashLocale(location.search);
  const config = await loadAppConfig();
  await FHIR.oauth2.authorize({ clientId: config.clientId, scope: config.scope, redirectUri: 'index.html' });
}

launch().catch((e: unknown) => {
  const p = document.getElementById('status');
  if (p) {
    p.setAttribute('role', 'alert');
    p.dataset.error = 'launch';
    p.textContent = `The SMART launch failed / SMART 启动失败: ${e instanceof Error ? e.message : String(e)}`;
  }
});
