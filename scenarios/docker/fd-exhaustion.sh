# The seed's example at full scale: "Container A allocates 1 million
# connections, exhausting the kernel's file descriptor limit. Now container B
# can't create network connections."
#
# The host: 8 GiB of RAM. Linux sizes fs.file-max at about one file per 10 KiB
# of RAM: 8 GiB / 10 KiB = 8589934592 / 10240 = 838860 open files, system-wide,
# shared by every container on this kernel.
docker pull alpine >/dev/null
echo "fs.file-max: $(cat /proc/sys/fs/file-max)"

# Container A, default docker run settings: RLIMIT_NOFILE is 1024 soft, 524288
# hard; any process may raise its soft limit to the hard one, and two
# processes together exceed the system table.
docker run -d --name tenant-a alpine sh -c 'ulimit -n 524288; fdflood --sockets --hold & fdflood --sockets --hold & wait' >/dev/null
sleep 5
docker logs tenant-a | grep opened
echo "file-nr (allocated, free, max): $(cat /proc/sys/fs/file-nr)"

# Container B: its next socket fails, although B itself holds nothing.
docker run --rm --name tenant-b alpine fdflood --sockets --count 1
# The host itself degrades: an unprivileged host user cannot open a file
# (root may exceed file-max: proc_sys_fs(5), CAP_SYS_ADMIN).
setpriv --reuid=1000 --regid=1000 --clear-groups cat /etc/hostname
docker rm -f tenant-a >/dev/null
echo "after removing A: $(cat /proc/sys/fs/file-nr)"

# Mitigation 1: --ulimit nofile caps each process of A (EMFILE at 1024) ...
docker run -d --name tenant-a --ulimit nofile=1024:1024 alpine sh -c 'ulimit -n 524288; fdflood --sockets --hold & fdflood --sockets --hold & wait' >/dev/null
sleep 1
docker logs tenant-a 2>&1 | grep -E 'opened|ulimit'
docker run --rm alpine fdflood --sockets --count 1
docker rm -f tenant-a >/dev/null

# ... but not the number of processes: 400 processes x 1024 descriptors.
docker run -d --name tenant-a --ulimit nofile=1024:1024 alpine sh -c 'for i in $(seq 400); do fdflood --sockets --hold >/dev/null & done; wait' >/dev/null
sleep 5
echo "many processes: $(cat /proc/sys/fs/file-nr)"
docker rm -f tenant-a >/dev/null

# Mitigation 2: a memory limit: each socket is kernel memory charged to A's cgroup.
docker run -d --name tenant-a --memory 256m alpine sh -c 'ulimit -n 524288; fdflood --sockets --hold & fdflood --sockets --hold & wait' >/dev/null
sleep 5
docker inspect -f 'with --memory 256m: OOMKilled={{.State.OOMKilled}} ExitCode={{.State.ExitCode}}' tenant-a
echo "with --memory 256m: $(cat /proc/sys/fs/file-nr)"
docker rm -f tenant-a >/dev/null

# Mitigation 3: --pids-limit bounds the processes, so the product is bounded
# (here the container's shell gives up at the first refused fork).
docker run -d --name tenant-a --ulimit nofile=1024:1024 --pids-limit 50 alpine sh -c 'for i in $(seq 400); do fdflood --sockets --hold >/dev/null & done; wait' >/dev/null
sleep 5
docker logs tenant-a 2>&1 | sort -u
echo "with --pids-limit 50: $(cat /proc/sys/fs/file-nr)"
docker rm -f tenant-a >/dev/null

# The lesson: every knob above is per container; the table is global. No
# single per-container setting caps fs.file-max: only their product does, and
# only if every tenant gets all of them.
