// ESLint (flat config) with typescript-eslint's recommended rules, run by
// `npm run lint` as part of `npm test`. Type-aware rules are left out: tsc
// already typechecks the tree (`npm run typecheck`).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'test-artifacts/', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_x` marks a parameter a signature needs but the body does not (a syscall handler's `k`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `cond && act()` and `(act(), value)` are the house style for one-line side effects.
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      // A program is a generator even when it makes no syscall (true(1), a builtin that only sets a variable).
      'require-yield': 'off',
      // Terminals, cat -v and the tty layer match control characters on purpose.
      'no-control-regex': 'off',
      // A returned handle's getters close over the object that made it (`const machine = this`).
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['machine', 'session', 'self'] }],
    },
  },
  {
    // Node scripts (the CLI entry, build and report scripts), not TypeScript: Node's globals.
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
)
