// The lab engine's public surface, for the CLI (src/cli/labs-cli.ts) and the
// web worker: plain data in and out, no file or network access, no wall clock.
//
//   loadLab(text, file)          YAML → Lab, or errors with FILE:LINE:COL
//   play(lab, machine)           every step played: runs, expect, solutions (scenario run, tests)
//   narrate(lab, result)         the narrated transcript
//   new LabSession(lab, machine, options, hash)
//        .attach(terminal)       records the learner's input (wrap the terminal the UI types into)
//        .afterSlice()           call after each scheduler slice: answers `lab`, edge-triggers tasks
//        .run                    LabRun: current step, answer(['check']), hint(), progress(), results()
//        .report(learner)        the report `lab grade` replays
//   grade(report, lab, hash, machine)   replay on a fresh machine; flags mismatches and other versions
//   labHash(lab)                 the id a report records (async: Web Crypto)
//   machinePlan(lab, variant?, seed?)   the MachineOptions (+ versions) and setup for the lab's machine
export { loadLab, formatError } from './load.ts'
export { Lab, type Check } from './schema.ts'
export { LabRun } from './engine.ts'
export { evaluate } from './checks.ts'
export { play, Player, type PlayResult } from './player.ts'
export { narrate } from './narrate.ts'
export { LabSession, labHash, type LabReport } from './session.ts'
export { grade, gradeTable, reportProblem } from './grade.ts'
export { machinePlan } from './machine-spec.ts'
