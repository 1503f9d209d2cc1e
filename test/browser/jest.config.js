// The browser tier (TESTING.md): walkthroughs in headless Chromium against the BUILT server, which
// test/browser/server.ts starts as a child process. Run with `npm run test:browser` (builds first).
const path = require('node:path');

const transform = { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' } }] };

module.exports = {
  displayName: 'browser',
  rootDir: path.resolve(__dirname, '../..'),
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  transform,
  // NestJS 12 ships ESM-only packages (not loaded here, but keep the root config's rule).
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/)'],
  testEnvironment: 'node',
  testTimeout: 120000,
  passWithNoTests: false,
};
