// The linter's part of the guardrails (H15): the recommended sets of ESLint, typescript-eslint and
// eslint-plugin-svelte, tuned to the conventions the code follows, plus the house rules ESLint sees inside one file.
// What may import what across folders is the architecture test's (tests/architecture/imports.test.ts): the rules
// below add only what that test does not look at (globals, properties, package imports in src/).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

/** H4, H5: time and randomness enter through the world clock and the seeded random source. */
const injectedTimeAndRandomness = {
  'no-restricted-properties': [
    'error',
    { object: 'Date', property: 'now', message: 'Read the world clock (H5); the real clock lives in src/platform/system-clock.ts.' },
    { object: 'Math', property: 'random', message: 'Draw from the seeded random source (H5).' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'Pass the world clock’s time: new Date(clock.now()) (H5).',
    },
    // One way to write each of these, so a reader never wonders whether two spellings mean two things.
    {
      selector:
        "PropertyDefinition[accessibility='private'], MethodDefinition[accessibility='private'][kind!='constructor'], TSParameterProperty[accessibility='private']",
      message: 'Keep a class’s own members in #private fields and methods (docs/decisions/private-members-with-hash.md).',
    },
    { selector: "MethodDefinition[key.name='dispose']", message: 'Release what an object holds in destroy(), the one lifecycle name.' },
  ],
};

export default defineConfig(
  {
    // .gitignore's build output and reports, the message functions compiled from messages/ (npm run messages), and
    // MSW's worker, which the project ships as MSW writes it.
    ignores: [
      'dist/',
      'dev-dist/',
      'coverage/',
      'test-results/',
      'playwright-report/',
      '.svelte-check/',
      'src/paraglide/',
      'public/mockServiceWorker.js',
    ],
  },
  js.configs.recommended,
  ts.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { extraFileExtensions: ['.svelte'] },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Input validation matches control characters on purpose (header values, DNS text, return URLs), always
      // written as escapes; this rule is for control characters pasted into a pattern by mistake.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser } },
    rules: {
      // State is $state / $state.raw holding values that are replaced, never mutated; a Set, Map or URL
      // built inside a function or a $derived is a local value, which this rule cannot tell from state.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.ts', '**/*.svelte'],
    rules: {
      // TypeScript resolves names, types included (which no-undef does not know): typescript-eslint's advice.
      'no-undef': 'off',
      // An argument or binding kept for its place or its name says so with a leading underscore.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // An object literal of methods (a network, a clock) reaches the class that builds it as `self`.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['self'] }],
    },
  },
  {
    // The product's code reports failures with console.warn / console.error; the scenario CLI prints its report.
    files: ['src/**', 'machines/**', 'mocks/**'],
    ignores: ['mocks/scenarios/cli.ts'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
  {
    files: ['src/**', 'machines/**', 'mocks/**'],
    ignores: ['src/platform/system-clock.ts'],
    rules: injectedTimeAndRandomness,
  },
  {
    // H2, H3: the page reaches a server only over the in-tab network, through src/clients; it never runs the
    // simulation's handlers or opens a server's database. src/sw.ts is the service worker, which passes requests on.
    files: ['src/**'],
    ignores: ['src/sw.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Call a server through src/clients and the simulation’s network (H2, H3).' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'dexie', message: 'A server’s database is the server’s own (H1, H2): ask it over HTTP through src/clients.' },
            { name: 'dexie-export-import', message: 'Workspace files are the simulation’s: use its control surface (H2).' },
            { name: 'msw', message: 'Handlers run in the simulation, not the page (H3).' },
          ],
        },
      ],
    },
  },
  {
    // H1, H3: servers call each other over the simulation's network, with fetch's own Request and Response.
    files: ['mocks/servers/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Call another server through the network the handlers are given (H3).' },
      ],
    },
  },
);
