# Seed claim ("Process namespaces isolate process IDs"): inside a new pid
# namespace the first process is pid 1 and sees only its own processes
# (unshare(1) EXAMPLES: `unshare --fork --pid --mount-proc readlink /proc/self` prints 1).
unshare --fork --pid --mount-proc readlink /proc/self
unshare --fork --pid --mount-proc sh -c 'sleep 5 & ps -o pid,ppid,comm; kill -9 1; echo "kill -9 1 inside: status $? (init ignores it)"'
