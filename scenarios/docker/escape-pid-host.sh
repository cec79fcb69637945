# Escape precondition: --pid=host shows the host's processes, and with the
# capabilities and syscalls --privileged restores, nsenter -t 1 enters the
# host's namespaces. --pid=host alone is refused (no CAP_SYS_ADMIN, setns
# blocked by Docker's seccomp profile).
docker pull alpine >/dev/null
echo "--pid=host:"
docker run --rm --pid=host alpine nsenter -t 1 -u hostname
echo "--pid=host --privileged:"
docker run --rm --pid=host --privileged alpine nsenter -t 1 -u hostname
