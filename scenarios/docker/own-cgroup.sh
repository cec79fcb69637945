# Seed: cgroups limit what a container may use, and "cgroup" is one of the
# namespaces. Inside, the container sees only its own cgroup, as if it were
# the root: /proc/self/cgroup says 0::/ and /sys/fs/cgroup shows its own
# limits. But the view is a namespace over the host's one cgroup tree: the
# limit is the host's file /sys/fs/cgroup/docker/<id>/memory.max, mounted
# read-only into the container so that it cannot lift it. --privileged
# mounts it read-write: an escape precondition.
docker pull alpine >/dev/null
docker run -d --name tenant --memory 64m --pids-limit 20 alpine sleep 1000 >/dev/null
ID=$(docker inspect -f '{{.Id}}' tenant)

echo "== inside the container"
echo "/proc/self/cgroup: $(docker exec tenant cat /proc/self/cgroup)"
echo "memory.max: $(docker exec tenant cat /sys/fs/cgroup/memory.max)  (--memory 64m = 64 x 1048576)"
echo "pids.max:   $(docker exec tenant cat /sys/fs/cgroup/pids.max)  (--pids-limit 20)"
docker exec tenant mount | grep cgroup
docker exec tenant sh -c 'echo max > /sys/fs/cgroup/memory.max'
# Members are listed in the reader's pid namespace: sh is pid 1 in there.
echo "cgroup.procs of a new container (sh, cat):" $(docker run --rm alpine sh -c 'cat /sys/fs/cgroup/cgroup.procs')

echo "== the same cgroup from the host"
echo "/proc/$(docker inspect -f '{{.State.Pid}}' tenant)/cgroup: $(cat /proc/$(docker inspect -f '{{.State.Pid}}' tenant)/cgroup)"
echo "memory.max: $(cat /sys/fs/cgroup/docker/$ID/memory.max)"
echo "pids.max:   $(cat /sys/fs/cgroup/docker/$ID/pids.max)"
echo "cgroup.procs: $(cat /sys/fs/cgroup/docker/$ID/cgroup.procs)"

# --privileged: the cgroup filesystem is mounted rw and CAP_SYS_ADMIN is
# kept, so the container lifts its own memory limit on the host.
echo "== --memory 64m, then a 100M allocation"
docker run --rm --memory 64m alpine memhog 100M
echo "default: exit $?"
docker run --rm --privileged --memory 64m alpine sh -c 'echo max > /sys/fs/cgroup/memory.max; memhog 100M'
echo "--privileged, after echo max > /sys/fs/cgroup/memory.max: exit $?"
docker run -d --name lifter --privileged --memory 64m alpine sh -c 'echo max > /sys/fs/cgroup/memory.max; sleep 1000' >/dev/null
sleep 1
echo "the host's memory.max for lifter: $(cat /sys/fs/cgroup/docker/$(docker inspect -f '{{.Id}}' lifter)/memory.max)"
docker inspect -f 'docker still reports Memory={{.HostConfig.Memory}}' lifter
