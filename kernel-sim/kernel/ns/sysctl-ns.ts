// Per-namespace /proc/sys entries: kernel/hostname and domainname (UTS),
// kernel/pid_max and ns_last_pid (pid), user/max_*_namespaces (namespaces(7)).
import { E, PID_MAX_LIMIT } from '../../abi/index.ts'
import type { Kernel } from '../kernel.ts'
import type { NsType, Task } from '../state.ts'
import { INIT_INO, isInit, mutNs, NS_TYPES, nsMax, nsRec } from './core.ts'
import { setUts, utsOf } from './uts.ts'

interface Entry {
  read: (k: Kernel, viewer?: Task) => string
  write?: (k: Kernel, data: string, viewer?: Task) => number
}

function utsEntry(field: 'hostname' | 'domainname'): Entry {
  return {
    read: (k, v) => `${utsOf(k, v?.ns.uts ?? INIT_INO.uts)[field] || (field === 'domainname' ? '(none)' : '')}\n`,
    write: (k, data, v) => {
      // proc_do_uts_string: the value up to the first newline, at most 64 bytes.
      setUts(k, v?.ns.uts ?? INIT_INO.uts, field, data.split('\n')[0]!.slice(0, 64))
      return 0
    },
  }
}

const parseInt10 = (d: string) => (/^\s*\d+\s*$/.test(d) ? Number(d.trim()) : undefined)

function maxEntry(type: NsType): Entry {
  return {
    read: (k) => `${nsMax(k, type)}\n`,
    write: (k, data) => {
      const v = parseInt10(data)
      if (v === undefined || v > 2147483647) return -E.EINVAL
      k.mutCoarse().nsMax[type] = v
      return 0
    },
  }
}

export const NS_SYSCTLS: Record<string, Entry> = {
  'kernel/hostname': utsEntry('hostname'),
  'kernel/domainname': utsEntry('domainname'),
  'kernel/pid_max': {
    read: (k, v) => {
      const ns = v?.ns.pid ?? INIT_INO.pid
      return `${isInit(ns) ? k.coarse.sysctl.pidMax : nsRec(k, ns)?.pidMax ?? PID_MAX_LIMIT}\n`
    },
    write: (k, data, v) => {
      const n = parseInt10(data)
      if (n === undefined || n < 301 || n > PID_MAX_LIMIT) return -E.EINVAL
      const ns = v?.ns.pid ?? INIT_INO.pid
      if (isInit(ns)) k.mutCoarse().sysctl.pidMax = n
      else mutNs(k, ns).pidMax = n
      return 0
    },
  },
  'kernel/ns_last_pid': {
    read: (k, v) => {
      const ns = v?.ns.pid ?? INIT_INO.pid
      return `${isInit(ns) ? k.s.counters.lastPid : nsRec(k, ns)?.lastPid ?? 0}\n`
    },
  },
  ...Object.fromEntries(NS_TYPES.map((t) => [`user/max_${t}_namespaces`, maxEntry(t)])),
}
