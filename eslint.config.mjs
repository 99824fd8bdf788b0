import nx from '@nx/eslint-plugin';

// Which kind of project may depend on which. Feature libraries of different services never import
// each other: they talk through contracts (events). The platform app composes every service.
const typeRules = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:domain', 'type:util'],
  },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:data', 'type:domain', 'type:util'] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:data', 'type:domain', 'type:util'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  {
    sourceTag: 'type:test',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data', 'type:domain', 'type:util', 'type:test'],
  },
];
const services = ['intake', 'concentration', 'separation', 'reduction', 'sales', 'traceability', 'people'];
const scopeRules = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...services.map((s) => ({
    sourceTag: `scope:${s}`,
    onlyDependOnLibsWithTags: [`scope:${s}`, 'scope:shared'],
  })),
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  {
    sourceTag: 'scope:platform',
    onlyDependOnLibsWithTags: ['scope:platform', 'scope:shared', ...services.map((s) => `scope:${s}`)],
  },
  {
    sourceTag: 'scope:e2e',
    onlyDependOnLibsWithTags: ['scope:e2e', 'scope:shared', ...services.map((s) => `scope:${s}`)],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/data', '**/tmp', '**/generated/**', 'infra/kafka/target'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [...typeRules, ...scopeRules],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Tests read untyped JSON answers (GraphQL, HTTP) and assert on them directly.
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.kafka-spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
];
