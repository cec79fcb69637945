# Noisy neighbour 1: a fork bomb, without and with pids.max.
# Seed claim: "one container can DoS the kernel ... one bad citizen can slow
# everyone down. Mitigation: Use resource limits (cgroups) to ensure one
# container can't starve others."
# Tenant A runs a fork bomb; one second later tenant B tries to start one process.
# All tenants share one kernel task table (kernel.threads-max).
echo 3000 > /proc/sys/kernel/threads-max   # a small host, so the bomb fills it in seconds
cd /sys/fs/cgroup
mkdir tenant-a tenant-b
echo "== 1. no limit on tenant A"
sh -c 'echo $$ > /sys/fs/cgroup/tenant-b/cgroup.procs; exec forkbomb --probe 1' &
b=$!
sh -c 'echo $$ > /sys/fs/cgroup/tenant-a/cgroup.procs; exec forkbomb 2'
wait $b
echo "tenant A peak processes: $(cat tenant-a/pids.peak) (kernel.threads-max is $(cat /proc/sys/kernel/threads-max))"
echo
echo "== 2. tenant A limited: echo 100 > tenant-a/pids.max"
rmdir tenant-a && mkdir tenant-a
echo 100 > tenant-a/pids.max
sh -c 'echo $$ > /sys/fs/cgroup/tenant-b/cgroup.procs; exec forkbomb --probe 1' &
b=$!
sh -c 'echo $$ > /sys/fs/cgroup/tenant-a/cgroup.procs; exec forkbomb 2'
wait $b
echo "tenant A peak processes: $(cat tenant-a/pids.peak), pids.events: $(cat tenant-a/pids.events)"
dmesg | grep -o 'cgroup: fork rejected.*'
echo
echo "Without a limit the bomb took every task slot of the shared kernel and tenant B"
echo "could not fork; with pids.max=100 the bomb stopped at 100 and tenant B was unaffected."
