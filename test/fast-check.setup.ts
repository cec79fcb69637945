// Property tests are reproducible: fast-check draws from a fixed seed unless
// FC_SEED says otherwise (FC_SEED=random explores new cases; a failure prints
// the seed and counterexample to replay). Same rule as the simulator's own
// "same seed, same bytes".
import fc from 'fast-check'

const env = process.env.FC_SEED
if (env !== 'random') fc.configureGlobal({ seed: env ? Number(env) : 20261126 })
