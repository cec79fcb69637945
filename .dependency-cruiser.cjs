// Import-direction rules for isolab: web -> src/worker -> src -> kernel-sim.
// Run by `npm run lint:deps` (part of `npm test`). See README "Architecture".

// The import cycles that stay, each for a reason: a cycle made only of the
// modules one entry names is allowed, any other cycle fails `npm test`.
// (Subsystems that call back into the core register at a composition root
// instead: kernel-sim/index.ts for file releases and exit steps, Interp in
// src/shell/index.ts for the shell's entry points.)
const ALLOWED_CYCLES = [
  // do_exit() notifies the parent (SIGCHLD) and a fatal signal ends in do_exit(): Linux's kernel/exit.c and kernel/signal.c call each other too.
  'kernel-sim/kernel/task/(exit|signal)',
  // Parameter expansion expands its word (${x:-$y}), whose parameters are expanded again: one recursive-descent expander, in two files for size.
  'src/shell/(expand|params)',
]
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'kernel-no-app-imports',
      comment: 'The simulated kernel is the bottom layer: it never reaches up into src/ or web/.',
      severity: 'error',
      from: { path: '^kernel-sim/' },
      to: { path: '^(src|web)/' },
    },
    {
      name: 'kernel-only-immer',
      comment: 'kernel-sim may use immer and nothing else from npm (determinism, portability).',
      severity: 'error',
      from: { path: '^kernel-sim/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: '(^|/)node_modules/immer/' },
    },
    {
      name: 'kernel-no-node-builtins',
      comment: 'kernel-sim runs in a browser worker too: no fs, no process, no timers.',
      severity: 'error',
      from: { path: '^kernel-sim/', pathNot: '\\.test\\.ts$' }, // tests run under vitest in Node
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'kernel-unresolvable',
      comment: 'Anything kernel-sim imports must resolve (catches typos and undeclared packages).',
      severity: 'error',
      from: { path: '^kernel-sim/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'abi-self-contained',
      comment: 'kernel-sim/abi is the shared vocabulary (errno, flags, syscalls): it depends on nothing.',
      severity: 'error',
      from: { path: '^kernel-sim/abi/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: '^kernel-sim/abi/' },
    },
    {
      name: 'no-circular',
      comment:
        'Runtime import cycles make module init order fragile and a change ripple around the loop ' +
        '(type-only cycles are erased, so they do not count). Only the ALLOWED_CYCLES above may stay.',
      severity: 'error',
      from: { path: '^(kernel-sim|src|web)/' },
      to: {
        circular: true,
        viaOnly: { dependencyTypesNot: ['type-only'] },
        via: { pathNot: `^(${ALLOWED_CYCLES.join('|')})\\.ts$` },
      },
    },
    {
      name: 'src-not-web',
      comment: 'src/ runs in Node and in the worker; the UI is a consumer, never a dependency.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },
    {
      name: 'src-not-worker-or-cli',
      comment: 'src/worker and src/cli are entry points on top of src/; nothing else in src/ uses them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(worker|cli)/' },
      to: { path: '^src/(worker|cli)/' },
    },
    {
      name: 'web-no-kernel-values',
      comment: 'web/ talks to the machine through the worker only; type-only kernel imports are fine.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^kernel-sim/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-src-through-worker',
      comment: 'web/ reaches src/ only via src/worker (plus type-only src/host/types.ts).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/(worker/|host/types\\.ts$)' },
    },
    {
      name: 'web-host-types-type-only',
      comment: 'src/host/types.ts may be imported by web/ for types only.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/host/types\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|dist)/' }, // not node_modules: npm imports must stay visible to the rules
    tsPreCompilationDeps: true, // keeps type-only imports visible so the rules above can see them
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
}
