// @ts-check
/**
 * Lint: typescript-eslint with type information (floating promises and other mistakes only types reveal)
 * and eslint-plugin-import-x for import cycles; two architecture rules:
 * - no import cycle anywhere (type-only imports included: a cycle of types still ties two rooms together);
 * - bot/ and admin/ are adapters: no TypeORM values, no repositories, query builders, entity managers or raw
 *   SQL there — they call core services.
 */
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

/** the calls that reach the database directly */
const DATABASE_CALLS = [
  {
    selector: 'CallExpression[callee.property.name=/^(getRepository|createQueryBuilder|createQueryRunner)$/]',
    message: 'bot/ and admin/ are adapters: reach the database through a core service (core/services, core/read).',
  },
  {
    selector:
      'CallExpression[callee.property.name=/^(query|transaction)$/][callee.object.name=/^(ds|em|manager|dataSource|db)$/], CallExpression[callee.property.name=/^(query|transaction)$/][callee.object.property.name=/^(ds|em|manager|dataSource)$/]',
    message: 'bot/ and admin/ are adapters: reach the database through a core service (core/services, core/read).',
  },
  {
    selector: "MemberExpression[property.name='em'], MemberExpression[property.name='manager']",
    message: 'bot/ and admin/ are adapters: no EntityManager here — call a core service.',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test/artifacts/', 'docs/'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // a `let` assigned once after the closures that read it (a client built after the context that calls it)
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['bot/**/*.ts', 'bot/**/*.tsx', 'admin/**/*.ts', 'admin/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'typeorm', message: 'bot/ and admin/ are adapters: the database is core’s.', allowTypeImports: true }] },
      ],
      'no-restricted-syntax': ['error', ...DATABASE_CALLS],
    },
  },
  { files: ['**/*.js', '**/*.mjs', 'vitest*.config.ts'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['admin/**/assets/**/*.js', 'admin/**/*.client.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
