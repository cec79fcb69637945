# Noisy neighbour 2: a memory hog, without and with memory.max.
# Seed claim: "Because all containers share the kernel ... one bad citizen can
# slow everyone down. Mitigation: Use resource limits (cgroups) to ensure one
# container can't starve others."
# Tenant B runs a "database" holding 5 GiB; tenant A's job then allocates 6 GiB
# on this 8 GiB host. Memory is one pool for the whole kernel: when it runs out,
# the OOM killer picks the biggest process anywhere.
cd /sys/fs/cgroup
mkdir tenant-a tenant-b
echo "== 1. no limit on tenant A"
sh -c 'echo $$ > /sys/fs/cgroup/tenant-b/cgroup.procs; exec memhog -q --hold 2 5G' &
db=$!
sleep 0.5
sh -c 'echo $$ > /sys/fs/cgroup/tenant-a/cgroup.procs; exec memhog -q 6G'
wait $db; s=$?
[ $s = 0 ] && echo "tenant B database: survived" || echo "tenant B database: killed (exit status $s)"
dmesg | grep -o 'oom-kill:constraint=[^,]*.*task_memcg=[^,]*' | tail -1
dmesg | grep -o 'Out of memory: Killed process [0-9]* ([a-z]*)' | tail -1
echo
echo "== 2. tenant A limited: echo 1G > tenant-a/memory.max"
echo 1G > tenant-a/memory.max
sh -c 'echo $$ > /sys/fs/cgroup/tenant-b/cgroup.procs; exec memhog -q --hold 2 5G' &
db=$!
sleep 0.5
sh -c 'echo $$ > /sys/fs/cgroup/tenant-a/cgroup.procs; exec memhog -q 6G'
echo "tenant A job: exit status $?"
wait $db; s=$?
[ $s = 0 ] && echo "tenant B database: survived" || echo "tenant B database: killed (exit status $s)"
echo "tenant-a memory.events: $(grep -E '^(max|oom|oom_kill) ' tenant-a/memory.events | tr '\n' ' ')"
dmesg | grep -o 'Memory cgroup out of memory: Killed process [0-9]* ([a-z]*)' | tail -1
echo
echo "Without a limit the host-wide OOM killer killed tenant B's database, which did"
echo "nothing wrong; with memory.max the OOM killer ran inside tenant A's cgroup only."
