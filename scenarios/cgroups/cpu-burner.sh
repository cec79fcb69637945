# Noisy neighbour 3: a CPU burner, without and with cpu.max.
# Seed claim: "the kernel scheduler decides which container gets CPU (fairness
# depends on cgroups), one bad citizen can slow everyone down."
# Tenant B's service does CPU work for 2 s and reports how much it got done
# (1000 units/s is one whole CPU). Tenant A runs 3 CPU burners. The host has 2 CPUs.
cd /sys/fs/cgroup
echo "== 0. tenant B alone"
cpuburn 2
echo
echo "== 1. tenant A's burner running, no limit"
cpuburn -q -j 3 2 &
cpuburn 2
wait
echo
echo "== 2. tenant A limited: echo \"20000 100000\" > tenant-a/cpu.max (20% of one CPU)"
mkdir tenant-a
echo "20000 100000" > tenant-a/cpu.max
sh -c 'echo $$ > /sys/fs/cgroup/tenant-a/cgroup.procs; exec cpuburn -q -j 3 2' &
cpuburn 2
wait
echo "tenant-a cpu.stat: $(grep -E '^(usage_usec|nr_throttled|throttled_usec) ' tenant-a/cpu.stat | tr '\n' ' ')"
echo
echo "Without a limit the burner's three tasks took three quarters of the CPU time and"
echo "halved tenant B's progress; cpu.max capped them at 20% of a CPU and B got its CPU back."
