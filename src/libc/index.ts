export * from './syscalls.ts'
export * from './wait.ts'
export * from './stdio.ts'
export * from './malloc.ts'
