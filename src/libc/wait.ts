// wait status macros (sys/wait.h): one definition, in kernel-sim/abi/wait.ts.
export {
  WCOREDUMP, WEXITSTATUS, WIFCONTINUED, WIFEXITED, WIFSIGNALED, WIFSTOPPED, WSTOPSIG, WTERMSIG, W_EXITCODE, W_STOPCODE,
  statusToShell,
} from '../../kernel-sim/abi/wait.ts'
