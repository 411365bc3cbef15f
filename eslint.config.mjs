// One runtime per top-level folder, enforced here and by the tsconfig project references:
// src/ never imports electron or react, renderer/ reaches the core only through src/contract,
// main/preload.ts takes only types from src/. A wrong import fails `npm test`.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const uiPackages = ['react', 'react-dom', 'react-dom/*', 'recharts'];
const electronPackages = ['electron', 'electron-store'];
const nodeOnly = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'axios', 'ssh2'];

const banPackages = (patterns, why) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: patterns, message: why }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.state/**'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  importX.flatConfigs.recommended,
  importX.flatConfigs.typescript,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ noWarnOnMultipleProjects: true, project: ['src/tsconfig.json', 'main/tsconfig.json', 'renderer/tsconfig.json', 'test/tsconfig.json'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Handlers are async by contract even when the answer is at hand.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-default-export': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src', from: ['./main', './renderer'], message: 'The core runs in plain Node: it must not know its hosts.' },
            { target: './src/contract', from: './src', except: ['./contract'], message: 'The contract is shared by every runtime: it imports nothing else of the core.' },
            { target: './main', from: './renderer', message: 'Main talks to the renderer only through the contract.' },
            { target: './renderer', from: './main', message: 'The renderer talks to main only through the contract.' },
            { target: './renderer', from: './src', except: ['./contract'], message: 'The renderer may import only src/contract; everything else goes through a request.' },
          ],
        },
      ],
    },
  },
  { files: ['src/**/*.ts'], rules: banPackages([...uiPackages, ...electronPackages], 'src/ is the core: plain Node, no UI and no Electron.') },
  { files: ['src/contract/**/*.ts'], rules: banPackages([...uiPackages, ...electronPackages, ...nodeOnly], 'The contract runs everywhere: zod, and regexpp and re2js for log patterns.') },
  { files: ['main/**/*.ts'], rules: banPackages(uiPackages, 'main/ is Electron glue; the UI lives in renderer/.') },
  {
    files: ['main/preload.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../src/*', '../src/**'], allowTypeImports: true, message: 'A sandboxed preload is one small file: take only types from src/.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...banPackages([...electronPackages, ...nodeOnly], 'The renderer never touches Node, Electron or the network: it asks the core through the contract.'),
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Tests may poke at untyped wire values; the point is to check them.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tool configs are loaded by their tools, which expect a default export.
    files: ['**/*.config.{ts,mjs}', 'eslint.config.mjs'],
    rules: { 'import-x/no-default-export': 'off', 'import-x/default': 'off', 'import-x/no-named-as-default-member': 'off' },
  },
  {
    files: ['**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
);
