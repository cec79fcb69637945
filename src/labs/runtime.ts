// The lab engine as the web worker runs it: validation of parsed data, the
// session and the machine plan, without the YAML loader (load.ts). A shipped
// lab file arrives parsed at build time, so the worker loads the YAML parser
// only for a file of the learner's own, or to point at a shipped file's errors.
export { formatError, validateLab } from './validate.ts'
export { LabSession, labHash } from './session.ts'
export { machinePlan } from './machine-spec.ts'
export { textHash } from './text-hash.ts'
