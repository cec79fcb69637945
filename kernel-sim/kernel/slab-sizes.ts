// Sizes of kernel objects as /proc/meminfo's Slab counts them (mm.ts memInfo);
// a leaf module, so the code that creates the objects can count them without
// importing the memory manager.

/** Kernel object sizes charged as Slab (roughly Linux's: struct file, tcp_sock, task_struct + stack, inode; a cgroup with its css and mem_cgroup stats). */
export const SLAB = { file: 256, socket: 2048, task: 16384, inode: 600, cgroup: 16384 }

/**
 * A namespace's kernel memory by type: its struct and what comes with it. A
 * network namespace is the big one (struct net, its loopback device, per-netns
 * sysctl and proc tables, routing and netfilter tables); the others are one
 * small struct (a pid namespace also its pid map page).
 * SIMPLIFICATION: counted in the host's Slab, not charged to a memory cgroup
 * (Linux charges them to the creator's, with __GFP_ACCOUNT).
 */
export const NS_SLAB: Record<string, number> = { net: 65536, pid: 4096, mnt: 1024, ipc: 2048, uts: 512, user: 1024, cgroup: 256, time: 512 }
