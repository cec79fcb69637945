# Noisy neighbour 4: a socket flood, without and with memory.max.
# Seed claim: "Example: Container A allocates 1 million connections, exhausting
# the kernel's file descriptor limit. Now container B can't create network
# connections. This shared kernel, shared limit creates unexpected failures.
# Mitigation: Use resource limits (cgroups) to ensure one container can't starve others."
# Every socket is kernel memory (a struct file and a struct sock) charged to the
# memory cgroup of the process that opened it.
echo 20000 > /proc/sys/fs/file-max   # a small host: fs.file-max 20000, so the flood is quick
ulimit -n 1048576
cd /sys/fs/cgroup
mkdir tenant-a tenant-b
echo "== 1. no limit on tenant A"
sh -c 'echo $$ > /sys/fs/cgroup/tenant-a/cgroup.procs; exec setpriv --reuid=1000 --regid=1000 --clear-groups fdflood --sockets --hold' &
a=$!
sleep 1
echo "file-nr: $(cat /proc/sys/fs/file-nr)"
sh -c 'echo $$ > /sys/fs/cgroup/tenant-b/cgroup.procs; exec setpriv --reuid=1001 --regid=1001 --clear-groups fdflood --sockets --count 10'
kill $a; wait $a
echo
echo "== 2. tenant A limited: echo 16M > tenant-a/memory.max"
rmdir tenant-a && mkdir tenant-a
echo 16M > tenant-a/memory.max
sh -c 'echo $$ > /sys/fs/cgroup/tenant-a/cgroup.procs; exec setpriv --reuid=1000 --regid=1000 --clear-groups fdflood --sockets --hold' &
a=$!
sleep 1
wait $a; echo "tenant A flood: exit status $?"
echo "tenant-a memory.events: $(grep -E '^(max|oom|oom_kill) ' tenant-a/memory.events | tr '\n' ' ')"
echo "tenant-a memory.peak: $(cat tenant-a/memory.peak) bytes; file-nr: $(cat /proc/sys/fs/file-nr)"
dmesg | grep -o 'Memory cgroup out of memory: Killed process [0-9]* ([a-z]*)' | tail -1
sh -c 'echo $$ > /sys/fs/cgroup/tenant-b/cgroup.procs; exec setpriv --reuid=1001 --regid=1001 --clear-groups fdflood --sockets --count 10'
echo
echo "Without a limit tenant A's sockets filled the kernel's file table (fs.file-max) and"
echo "tenant B got ENFILE; with memory.max the flood's kernel memory hit the limit after a"
echo "few thousand sockets, the OOM killer stopped it inside tenant A, and B was unaffected."
