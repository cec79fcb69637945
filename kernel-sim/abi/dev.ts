// Device numbers (makedev(3), Documentation/admin-guide/devices.txt).
// SIMPLIFICATION: the old 16-bit encoding, major << 8 | minor (minors below 256).
export const makedev = (major: number, minor: number) => (major << 8) | minor
export const major = (dev: number) => dev >>> 8
export const minor = (dev: number) => dev & 0xff

/** /dev/mem (mem(4)): char 1:1. */
export const DEV_MEM = makedev(1, 1)
