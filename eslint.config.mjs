// Type-aware linting (floating promises, exhaustive switches, no any) for server, shared, client and tests.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'data/',
      'coverage/',
      'test-results/',
      'test/fixtures/',
      '*.config.js',
      '*.config.mjs',
      'vite.config.mts',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './client/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment only in server/config.' },
      ],
    },
  },
  // Boundaries: the call tracker is pure (no I/O, no other server module); pbx/ hands its effects on
  // through the composition root; shared/ is the contract both sides import.
  {
    files: ['server/tracker/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '(^|/)(pbx|db|realtime|journal|calls|http)(/|$)|^(typeorm|pg|socket\\.io|node:net|net|node:fs|fs)$',
              message: 'The call tracker is pure: it imports only tracker/ and shared/ code (wire it in server.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/pbx/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)journal(/|$)',
              message: 'pbx/ does not import journal/: the composition root (server.ts) wires them.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(server|client)(/|$)',
              message: 'shared/ is the contract: it imports neither server nor client code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/config/**', 'test/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['test/**', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
