// The resolver's file parsing (src/libc/netdb.ts): hosts(5) "IP_address
// canonical_hostname [aliases...]", '#' starts a comment, names match without
// regard to case; resolv.conf(5): up to MAXNS (3) nameserver lines, none means
// the local machine (127.0.0.1).
import { describe, expect, it } from 'vitest'
import { hostsLookup, nameservers } from '../../src/libc/netdb.ts'

describe('netdb: hosts(5) and resolv.conf(5)', () => {
  const hosts = '127.0.0.1\tlocalhost\n# 10.0.0.9 commented\n172.18.0.2\tWeb web.app  # trailing comment\n::1 localhost ip6-localhost\n'
  it('hosts: canonical names and aliases, case-insensitive; comments and IPv6 lines ignored', () => {
    expect(hostsLookup(hosts, 'localhost')).toBe('127.0.0.1')
    expect(hostsLookup(hosts, 'web')).toBe('172.18.0.2')
    expect(hostsLookup(hosts, 'WEB.APP')).toBe('172.18.0.2')
    expect(hostsLookup(hosts, 'commented')).toBe('')
    expect(hostsLookup(hosts, 'ip6-localhost')).toBe('')
  })
  it('resolv.conf: at most three nameservers in order; none listed → 127.0.0.1', () => {
    expect(nameservers('# Generated\nnameserver 127.0.0.11\noptions ndots:0\n')).toEqual(['127.0.0.11'])
    expect(nameservers('nameserver 1.1.1.1\nnameserver 8.8.8.8\nnameserver 8.8.4.4\nnameserver 9.9.9.9\n')).toEqual(['1.1.1.1', '8.8.8.8', '8.8.4.4'])
    expect(nameservers('search example.com\n')).toEqual(['127.0.0.1'])
  })
})
