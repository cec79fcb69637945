// libcap text formats (cap_to_text(3), cap_iab_to_text(3), capsh --decode).
import { describe, expect, it } from 'vitest'
import { CAP_FULL } from '../../../kernel-sim/abi/index.ts'
import { capList, capToText, iabToText } from './captext.ts'

const DOCKER = 0xa80425fbn
const DOCKER_NAMES = 'cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,cap_setgid,cap_setuid,cap_setpcap,cap_net_bind_service,cap_net_raw,cap_sys_chroot,cap_mknod,cap_audit_write,cap_setfcap'

describe('libcap text', () => {
  it('cap_to_text: full root is "=ep", nothing is "=", Docker\'s set is "names=ep"', () => {
    expect(capToText({ eff: CAP_FULL, prm: CAP_FULL, inh: 0n })).toBe('=ep')
    expect(capToText({ eff: 0n, prm: 0n, inh: 0n })).toBe('=')
    expect(capToText({ eff: DOCKER, prm: DOCKER, inh: 0n })).toBe(`${DOCKER_NAMES}=ep`)
    expect(capToText({ eff: CAP_FULL & ~1n, prm: CAP_FULL, inh: 0n })).toBe('=ep cap_chown-e')
  })

  it('capsh --decode=a80425fb lists Docker\'s default capabilities', () => {
    expect(capList(DOCKER)).toBe(DOCKER_NAMES)
  })

  it('cap_iab_to_text: bounding-set drops as "!name", ambient as "^name"', () => {
    expect(iabToText({ inh: 0n, amb: 0n, bnd: CAP_FULL })).toBe('')
    expect(iabToText({ inh: 0n, amb: 0n, bnd: DOCKER }).split(',').slice(0, 3)).toEqual(['!cap_dac_read_search', '!cap_linux_immutable', '!cap_net_broadcast'])
    expect(iabToText({ inh: 1n, amb: 1n, bnd: CAP_FULL })).toBe('^cap_chown')
  })
})
