export { AT_FDCWD } from '../abi/index.ts'
export { ELF_PREFIX as ELF_PREFIX_TEXT } from '../kernel/task/exec.ts'
