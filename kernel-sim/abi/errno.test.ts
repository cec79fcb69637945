// errno numbers (asm-generic/errno-base.h) and glibc's strerror texts (errlist.h).
import { describe, expect, it } from 'vitest'
import { E, strerror } from './errno.ts'
import { SIG, strsignal } from './signal.ts'
import { CAP_FULL, capHex } from './capability.ts'

describe('errno', () => {
  it.each([
    ['EPERM', 1, 'Operation not permitted'],
    ['ENOENT', 2, 'No such file or directory'],
    ['ESRCH', 3, 'No such process'],
    ['EBADF', 9, 'Bad file descriptor'],
    ['ECHILD', 10, 'No child processes'],
    ['EAGAIN', 11, 'Resource temporarily unavailable'],
    ['ENOMEM', 12, 'Cannot allocate memory'],
    ['EACCES', 13, 'Permission denied'],
    ['EEXIST', 17, 'File exists'],
    ['ENOTDIR', 20, 'Not a directory'],
    ['EISDIR', 21, 'Is a directory'],
    ['EINVAL', 22, 'Invalid argument'],
    ['ENFILE', 23, 'Too many open files in system'],
    ['EMFILE', 24, 'Too many open files'],
    ['ENOSPC', 28, 'No space left on device'],
    ['EPIPE', 32, 'Broken pipe'],
    ['EADDRINUSE', 98, 'Address already in use'],
    ['ECONNREFUSED', 111, 'Connection refused'],
  ] as const)('%s is %i, "%s"', (name, num, text) => {
    expect(E[name]).toBe(num)
    expect(strerror(num)).toBe(text)
    expect(strerror(-num)).toBe(text)
  })

  it('unknown numbers read as glibc prints them', () => {
    expect(strerror(4095)).toBe('Unknown error 4095')
  })

  it('signals: numbers and strsignal texts bash prints for killed jobs', () => {
    expect(SIG.SIGKILL).toBe(9)
    expect(strsignal(9)).toBe('Killed')
    expect(strsignal(15)).toBe('Terminated')
    expect(strsignal(2)).toBe('Interrupt')
  })

  it('root\'s full capability set prints as 000001ffffffffff (CAP_LAST_CAP = 40)', () => {
    expect(capHex(CAP_FULL)).toBe('000001ffffffffff')
  })
})
