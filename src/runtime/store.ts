// dockerd's container records (in its memory; each change also written to
// /var/lib/docker/containers/<id>/config.v2.json) and the name generator.
import type { ContainerSpec } from './spec.ts'
import type { Endpoint } from './networks.ts'

export interface Container {
  id: string
  name: string
  image: string
  imageId: string
  path: string
  args: string[]
  createdNs: number
  status: 'created' | 'running' | 'exited' | 'dead'
  pid: number
  exitCode: number
  oomKilled: boolean
  error: string
  startedNs: number
  finishedNs: number
  spec: ContainerSpec
  hostname: string
  ip: string
  rootfs: string
  cgroup: string
  caps: string
  /** The resolved seccomp filter (SeccompFilterSpec) or null. */
  seccomp: unknown
  /** One per network the container is connected to (networks-daemon.ts); ip is '' while stopped. */
  endpoints?: Endpoint[]
}

// A few of moby's namesgenerator words (pkg/namesgenerator): adjective_scientist.
const LEFT = ['admiring', 'agitated', 'amazing', 'angry', 'awesome', 'blissful', 'bold', 'brave', 'clever', 'cool',
  'dreamy', 'eager', 'elated', 'epic', 'festive', 'focused', 'gallant', 'happy', 'hopeful', 'jolly', 'keen', 'loving',
  'modest', 'nifty', 'peaceful', 'priceless', 'quirky', 'relaxed', 'serene', 'sharp', 'stoic', 'sweet', 'vibrant', 'zen']
const RIGHT = ['albattani', 'allen', 'archimedes', 'babbage', 'bardeen', 'bhabha', 'curie', 'darwin', 'dijkstra',
  'einstein', 'euclid', 'feynman', 'galileo', 'goldberg', 'hopper', 'hypatia', 'kalam', 'knuth', 'lamport', 'lovelace',
  'mccarthy', 'meitner', 'noether', 'pascal', 'ritchie', 'shannon', 'thompson', 'torvalds', 'turing', 'wozniak']

export function randomName(a: number, b: number): string {
  return `${LEFT[a % LEFT.length]}_${RIGHT[b % RIGHT.length]}`
}

/** Looks a container up by full id, unique id prefix or name (as the Engine does). */
export function findContainer(all: Iterable<Container>, ref: string): Container | undefined {
  const list = [...all]
  const byName = list.find((c) => c.name === ref || '/' + c.name === ref)
  if (byName) return byName
  const hits = list.filter((c) => c.id.startsWith(ref))
  return ref.length > 0 && hits.length === 1 ? hits[0] : undefined
}
