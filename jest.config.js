// Jest runs in native ESM mode (see the "test" script): fhir-kit-client 2.x and jose are ESM-only,
// and the service itself is ESM, so tests load the same modules the service does.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  // TypeScript sources import './x.js'; the file on disk is x.ts.
  // Not a package's own `x.xml.js` (cql-exec-fhir's model infos): stripping it would load the XML as code.
  moduleNameMapper: { '^(\\.{1,2}/.*(?<!\\.xml))\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The newcomer test (test/e2e/newcomer.test.ts) runs `npm test` again on a fresh copy to prove the quick start. The
  // deployment tests build the image and a production install from the repository, not from that copy: the outer
  // run has them, so the nested one leaves them out rather than build both twice.
  // The two-engine cross-check (test/knowledge/, ~2 min on 2 cores) likewise: the outer run has it.
  // `npm run test:fast` (IFN_CDS_FAST=1) leaves out test/e2e/; set here, not as a jest option, because jest reads
  // every path after --testPathIgnorePatterns as another pattern (`npm run test:fast -- test/engine` ignored it).
  testPathIgnorePatterns: [
    '/node_modules/',
    ...(process.env.IFN_CDS_NESTED === '1' ? ['<rootDir>/test/deploy/', '<rootDir>/test/knowledge/'] : []),
    ...(process.env.IFN_CDS_FAST === '1' ? ['<rootDir>/test/e2e/'] : []),
  ],
  testTimeout: 20000,
};
