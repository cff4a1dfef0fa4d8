/** `npm run fixtures`: writes the fixture files generated from scripts/fixtures/stories.ts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/config/settings.js';
import { generateFixtures } from './fixtures/generate.js';

const files = await generateFixtures();
for (const [file, content] of files) {
  const full = path.join(PACKAGE_ROOT, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}
console.log(`wrote ${files.size} fixture files`);
