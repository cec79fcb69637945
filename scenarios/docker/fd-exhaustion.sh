# The seed's example at full scale: "Container A allocates 1 million
# connections, exhausting the kernel's file descriptor limit. Now container B
# can't create network connections."
#
# The host: 8 GiB of RAM. Linux sizes fs.file-max at about one file per 10 KiB
# of RAM: 8 GiB / 10 KiB = 8589934592 / 10240 = 838860 open files, system-wide,
# shared by every container on this kernel. Each TCP connection is one of them.
# (A 32 GiB host would allow 3355443: 1,048,576 connections fit there.)
#
# The world outside: the web servers of 203.0.113.0/24 and 198.51.100.0/24
# (RFC 5737 documentation networks) accept TCP on ports 80 and 443. A
# container reaches them via docker0 and the host's eth0 (Docker's NAT).
docker pull alpine >/dev/null
echo "== the host and its shared table"
echo "fs.file-max: $(cat /proc/sys/fs/file-max)"
echo "ephemeral ports: $(cat /proc/sys/net/ipv4/ip_local_port_range)"
echo "a container's routes:"
docker run --rm alpine ip route

# One destination is not enough: each connection to 203.0.113.1:80 needs its
# own local port from ip_local_port_range, 60999 - 32768 + 1 = 28232 of them.
echo "== one destination"
docker run --rm alpine sh -c 'ulimit -n 524288; fdflood --connect 203.0.113.1:80'

# Container A, default docker run settings: RLIMIT_NOFILE is 1024 soft, 524288
# hard; any process may raise its soft limit to the hard one. One process stops
# at 524288 descriptors, so A runs two, each spread over 19 web servers
# (19 x 28232 = 536408 ports each): 2 x 524288 > 838860, the table fills first.
echo "== container A: two processes, 38 web servers"
docker run -d --name tenant-a alpine sh -c 'ulimit -n 524288; fdflood --connect 203.0.113.1-19:80 --hold & fdflood --connect 203.0.113.20-38:80 --hold & wait' >/dev/null
sleep 5
docker logs tenant-a | grep opened
echo "file-nr (allocated, free, max): $(cat /proc/sys/fs/file-nr)"

# Container B: its next connection fails, although B itself holds nothing.
echo "== container B: one connection"
docker run --rm --name tenant-b alpine fdflood --connect 198.51.100.7:443 --count 1
# The host itself degrades: an unprivileged host user cannot open a file
# (root may exceed file-max: proc_sys_fs(5), CAP_SYS_ADMIN).
echo "== the host, as an unprivileged user"
setpriv --reuid=1000 --regid=1000 --clear-groups cat /etc/hostname 2>&1
docker rm -f tenant-a >/dev/null
echo "after removing A: $(cat /proc/sys/fs/file-nr)"

# Mitigation 1: --ulimit nofile caps each process of A (EMFILE at 1024) ...
echo "== mitigation 1: --ulimit nofile=1024:1024"
docker run -d --name tenant-a --ulimit nofile=1024:1024 alpine sh -c 'ulimit -n 524288; fdflood --connect 203.0.113.1-19:80 --hold & fdflood --connect 203.0.113.20-38:80 --hold & wait' >/dev/null
sleep 1
docker logs tenant-a 2>&1 | grep -E 'opened|ulimit'
echo "B:"
docker run --rm alpine fdflood --connect 198.51.100.7:443 --count 1
docker rm -f tenant-a >/dev/null

# ... but not the number of processes: 1000 processes x 1021 connections (fds 3-1023)
# = 1021000 > 838860 (38 web servers x 28232 ports = 1072816 are enough).
echo "== ... but not the number of processes: 1000 x 1021 connections"
docker run -d --name tenant-a --ulimit nofile=1024:1024 alpine sh -c 'for i in $(seq 1000); do fdflood --connect 203.0.113.1-38:80 --hold >/dev/null & done; wait' >/dev/null
sleep 5
echo "many processes: $(cat /proc/sys/fs/file-nr)"
echo "B:"
docker run --rm alpine fdflood --connect 198.51.100.7:443 --count 1
docker rm -f tenant-a >/dev/null

# Mitigation 2: a memory limit. Each connection is kernel memory charged to
# A's cgroup: a struct file and a socket, 256 + 2048 bytes, so 256 MiB holds
# at most 268435456 / 2304 = 116508 of them; then the OOM killer ends A.
echo "== mitigation 2: --memory 256m"
docker run -d --name tenant-a --memory 256m alpine sh -c 'ulimit -n 524288; fdflood --connect 203.0.113.1-19:80 --hold & fdflood --connect 203.0.113.20-38:80 --hold & wait' >/dev/null
sleep 5
docker inspect -f 'with --memory 256m: OOMKilled={{.State.OOMKilled}} ExitCode={{.State.ExitCode}}' tenant-a
echo "with --memory 256m: $(cat /proc/sys/fs/file-nr)"
docker rm -f tenant-a >/dev/null

# Mitigation 3: --pids-limit bounds the processes, so the product is bounded:
# at most 50 x 1021 = 51050 files, whatever the container tries (its shell
# keeps retrying the refused fork, as bash does: "fork: retry").
echo "== mitigation 3: --pids-limit 50"
docker run -d --name tenant-a --ulimit nofile=1024:1024 --pids-limit 50 alpine sh -c 'for i in $(seq 1000); do fdflood --connect 203.0.113.1-38:80 --hold >/dev/null & done; wait' >/dev/null
sleep 5
docker logs tenant-a 2>&1 | sort -u
echo "with --pids-limit 50: $(cat /proc/sys/fs/file-nr)"
echo "B:"
docker run --rm alpine fdflood --connect 198.51.100.7:443 --count 1
docker rm -f tenant-a >/dev/null

# The lesson: every knob above is per container; the table is global. No
# single per-container setting caps fs.file-max: only their product does, and
# only if every tenant gets all of them.
echo "== the lesson: each knob is per container; fs.file-max is one table for all"
