// poll(2) event bits (include/uapi/asm-generic/poll.h) and the pollfd record.
// POLLERR, POLLHUP and POLLNVAL are reported whether or not they were asked
// for ("ignored in events", poll(2)).

export const POLLIN = 0x001
export const POLLPRI = 0x002
export const POLLOUT = 0x004
export const POLLERR = 0x008
export const POLLHUP = 0x010
export const POLLNVAL = 0x020
export const POLLRDNORM = 0x040
export const POLLWRNORM = 0x100
export const POLLRDHUP = 0x2000

/** struct pollfd: the kernel fills `revents` (copied out as poll(2) does); a negative fd is skipped (revents 0). */
export interface PollFd {
  fd: number
  events: number
  revents: number
}
