// cost: money per month for N tenants, from the density packing (one
// application per tenant) and a host price the user gives. The seed's cost
// table is the example: "10 applications: 10 small VMs (128 GB RAM) vs 1-2
// servers with containers (32 GB RAM); 100 applications: 100 VMs (500+ GB
// RAM) vs 5-10 servers with containers; cost per application $X vs $X/10".
// Every assumption is printed with the figures.
import type { Program } from '../../../kernel-sim/abi/index.ts'
import { out } from '../../libc/index.ts'
import { has, lastArg, parseOpts, tryHelp, warn } from '../lib/cmd.ts'
import { DENSITY_LONG, densityOptions, runDensity, type DensityResult } from './density.ts'
import { GiB, MiB } from './pack.ts'

export interface CostRow {
  model: string
  perHost: number
  hosts: number
  monthly: number
  perTenant: number
}

/** Hosts and money for `tenants` applications, one per instance, at `price` per host per month. */
export function costRows(d: DensityResult, tenants: number, price: number): CostRow[] {
  const row = (model: string, perHost: number): CostRow => {
    const hosts = perHost > 0 ? Math.ceil(tenants / perHost) : Infinity
    return { model, perHost, hosts, monthly: hosts * price, perTenant: (hosts * price) / tenants }
  }
  return [
    row(`VMs (${Math.round(d.options.vmMemory / GiB)} GiB each)`, d.vms.count),
    row('VMs sized to the workload', d.vmsFit.count),
    row('containers', d.containers.count),
  ]
}

const money = (n: number) => (Number.isFinite(n) ? `$${n.toFixed(2)}` : 'n/a')

export function formatCost(d: DensityResult, tenants: number, price: number): string {
  const o = d.options
  const lines = [
    'assumptions:',
    `  a host has ${(o.hostMemory / GiB).toFixed(0)} GiB of RAM and costs ${money(price)} per month (--host-memory, --host-price)`,
    `  each tenant runs one application of ${(o.workload / MiB).toFixed(0)} MiB (--workload), in its own VM or its own container`,
    `  memory is what runs out (the packing says so: ${d.containers.ranOut.split(':')[0]} for containers, ${d.vms.ranOut.split(':')[0]} for VMs); CPU, disk and licences are not counted`,
    `  per-host counts come from density's packing with parts measured on this machine`,
    '',
    `tenants: ${tenants}`,
    `${'model'.padEnd(28)}${'per host'.padStart(9)}${'hosts'.padStart(7)}${'per month'.padStart(13)}${'per tenant'.padStart(12)}`,
  ]
  for (const r of costRows(d, tenants, price)) {
    lines.push(`${r.model.padEnd(28)}${String(r.perHost).padStart(9)}${String(r.hosts).padStart(7)}${money(r.monthly).padStart(13)}${money(r.perTenant).padStart(12)}`)
  }
  lines.push('', 'the article: 10 applications = 10 small VMs (128 GB RAM) vs 1-2 container servers (32 GB); 100 = 100 VMs (500+ GB) vs 5-10 servers; per application $X vs $X/10')
  return lines.join('\n') + '\n'
}

const USAGE = `Usage: cost [--host-price USD] [--tenants N] [density options: --host-memory, --workload, --vm-memory, --ksm ...] [--json]
Money per month for N tenants (default 10 and 100, as the article's cost table), from the
density packing and a host price (default $1000 per 32 GiB host per month, an example).`

const LONG = [
  { name: 'host-price', hasArg: 'required', val: 'P' },
  { name: 'tenants', hasArg: 'required', val: 'T' },
  ...DENSITY_LONG,
] as const

function* main(argv: readonly string[], envp: readonly string[]): Program {
  const p = yield* parseOpts(argv, envp, { short: 'P:T:m:w:r:i:p:k:Kj', long: LONG, usage: USAGE })
  if (typeof p === 'number') return p
  const bad = function* (msg: string) {
    yield* warn('cost', msg)
    yield* tryHelp('cost')
    return 1
  }
  const priceText = lastArg(p, 'P') ?? '1000'
  const price = Number(priceText)
  if (!/^\d+(\.\d+)?$/.test(priceText) || !(price > 0)) return yield* bad(`invalid host price '${priceText}' (a positive amount per host per month)`)
  const tenantsText = lastArg(p, 'T')
  if (tenantsText !== undefined && (!/^\d+$/.test(tenantsText) || Number(tenantsText) < 1)) return yield* bad(`invalid tenant count '${tenantsText}' (a positive whole number)`)
  const o = densityOptions((x) => lastArg(p, x), (x) => has(p, x))
  if (typeof o === 'string') return yield* bad(o)
  const d = yield* runDensity(o, envp)
  if (typeof d === 'string') {
    yield* warn('cost', d)
    return 1
  }
  const counts = tenantsText !== undefined ? [Number(tenantsText)] : [10, 100]
  if (has(p, 'j')) {
    yield* out(JSON.stringify({ price, options: o, tenants: counts.map((t) => ({ tenants: t, rows: costRows(d, t, price) })) }, null, 2) + '\n')
    return 0
  }
  yield* out(counts.map((t) => formatCost(d, t, price)).join('\n'))
  return 0
}

export { main as costMain }
