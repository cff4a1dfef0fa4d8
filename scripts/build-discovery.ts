/** Writes cds-services.json from the code (src/service/catalogue.ts). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { discoveryText } from '../src/service/catalogue.js';

const file = path.join(PACKAGE_ROOT, 'cds-services.json');
writeFileSync(file, discoveryText());
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
