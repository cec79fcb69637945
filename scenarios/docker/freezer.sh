# Seed: containers are processes, limited by cgroups. docker pause is one
# write to the container's cgroup: cgroup.freeze = 1 stops every process in
# it at once (cgroup v2 freezer, as runc does it), and they take no more CPU
# until docker unpause writes 0. A VM is paused by its hypervisor; a
# container by the shared kernel's scheduler.
docker pull alpine >/dev/null
docker run -d --name burner alpine sh -c 'cpuburn 1000 & sleep 1000' >/dev/null
CG=/sys/fs/cgroup/docker/$(docker inspect -f '{{.Id}}' burner)
PIDS=$(cat $CG/cgroup.procs | tr '\n' ,)
sleep 1
echo "== running: cgroup.freeze $(cat $CG/cgroup.freeze), $(grep frozen $CG/cgroup.events)"
ps -o pid,stat,time,args -p ${PIDS%,}
echo "cpu.stat $(grep usage_usec $CG/cpu.stat)"

echo "== docker pause burner"
docker pause burner
echo "cgroup.freeze $(cat $CG/cgroup.freeze), $(grep frozen $CG/cgroup.events)"
docker ps --format '{{.Names}}: {{.Status}}'
# Every task sleeps in the freezer (S), the CPU burner too.
ps -o pid,stat,time,args -p ${PIDS%,}
echo "cpu.stat $(grep usage_usec $CG/cpu.stat)"
sleep 2
echo "2 s later: cpu.stat $(grep usage_usec $CG/cpu.stat)"
docker exec burner true

echo "== docker unpause burner"
docker unpause burner
echo "cgroup.freeze $(cat $CG/cgroup.freeze), $(grep frozen $CG/cgroup.events)"
sleep 2
ps -o pid,stat,time,args -p ${PIDS%,}
echo "2 s later: cpu.stat $(grep usage_usec $CG/cpu.stat)"
