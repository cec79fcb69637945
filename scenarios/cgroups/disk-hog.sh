# Noisy neighbour 5: a disk hog, without and with io.max.
# Seed claim: "one bad citizen can slow everyone down. Mitigation: Use resource
# limits (cgroups) to ensure one container can't starve others."
# Tenant B's database writes 4 KiB blocks to the shared disk /dev/vda (254:0);
# tenant A's backup writes 4 MiB blocks to the same disk.
cd /sys/fs/cgroup
echo "== 0. tenant B alone"
iohog -b 4k 2
echo
echo "== 1. tenant A's backup running, no limit"
iohog -q -b 4M 2 &
iohog -b 4k 2
wait
echo
echo "== 2. tenant A limited: echo \"254:0 wbps=20971520\" > tenant-a/io.max (20 MiB/s)"
mkdir tenant-a
echo "254:0 wbps=20971520" > tenant-a/io.max
sh -c 'echo $$ > /sys/fs/cgroup/tenant-a/cgroup.procs; exec iohog -q -b 4M 2' &
iohog -b 4k 2
wait
echo "tenant-a io.stat: $(cat tenant-a/io.stat)"
echo
echo "Without a limit every 4 KiB write of tenant B waited behind a 4 MiB write of tenant A;"
echo "io.max kept A's requests out of the disk queue until their turn, and B's writes went through."
