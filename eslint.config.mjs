// ESLint flat config: @eslint/js recommended + typescript-eslint recommended.
// Deliberately not type-checked, so `npm run lint` stays fast; `nest build` (tsc) does the type checking.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Small inline global lists instead of the `globals` package (not a dependency).
const nodeGlobals = Object.fromEntries(
  [
    'process', 'Buffer', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
    'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'URL', 'URLSearchParams',
    'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'fetch', 'global', 'globalThis',
  ].map((name) => [name, 'readonly']),
);
const commonJsGlobals = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly' };
const browserGlobals = Object.fromEntries(
  [
    'window', 'document', 'navigator', 'location', 'history', 'console', 'setTimeout', 'clearTimeout',
    'setInterval', 'clearInterval', 'requestAnimationFrame', 'fetch', 'FormData', 'URL', 'URLSearchParams',
    'Event', 'CustomEvent', 'HTMLElement', 'HTMLFormElement', 'HTMLInputElement', 'HTMLTextAreaElement',
    'HTMLSelectElement', 'Element', 'Node', 'NodeList', 'MutationObserver', 'IntersectionObserver',
    'localStorage', 'sessionStorage', 'alert', 'confirm', 'DOMParser', 'File', 'FileList', 'Blob',
  ].map((name) => [name, 'readonly']),
);

export default defineConfig(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'public/js/vendor/**',
      '**/*.min.js',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      // DTOs and view-models often extend one type without adding members.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // `declare global { namespace Express { ... } }` augmentation is how Express types are extended.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
    },
  },
  {
    // Plain JavaScript run by Node (jest configs, scripts): CommonJS.
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['public/**'],
    languageOptions: { sourceType: 'commonjs', globals: { ...nodeGlobals, ...commonJsGlobals } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: nodeGlobals },
  },
  {
    // Progressive-enhancement scripts served to browsers.
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: browserGlobals },
  },
  {
    // Application code logs through pino; only the entry point and the CLI talk to the terminal.
    files: ['src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/cli/**/*.ts', 'src/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
