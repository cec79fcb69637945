# docker run resource flags become cgroup v2 limits on one shared kernel:
# a fork bomb stops at --pids-limit, a memory hog is OOM-killed (exit 137,
# OOMKilled true), --ulimit sets RLIMIT_NOFILE.
docker pull alpine >/dev/null
docker run --rm --pids-limit 10 alpine forkbomb 1
docker run --name hog --memory 64m alpine memhog 200M; echo "exit status: $?"
docker inspect -f 'OOMKilled={{.State.OOMKilled}} ExitCode={{.State.ExitCode}}' hog
docker run --rm --ulimit nofile=1024:1024 alpine sh -c "ulimit -n"
