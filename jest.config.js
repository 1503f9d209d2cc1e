// Three tiers (see TESTING.md): unit specs beside the code, integration and e2e over a real database.
const transform = { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' } }] };
// NestJS 12 ships ESM-only packages: let swc turn them into CommonJS too.
const transformIgnorePatterns = ['/node_modules/(?!@nestjs/)'];
const common = { transform, transformIgnorePatterns, testEnvironment: 'node', rootDir: __dirname };

module.exports = {
  // jest-circus reads the timeout from the global config, not from a project's.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'], testTimeout: 60000 },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], testTimeout: 60000 },
  ],
};
