# Seed claim ("namespaces ... cgroup"): in a new cgroup namespace the
# creator's cgroup is the root: /proc/self/cgroup shows "0::/" (cgroup_namespaces(7)).
cat /proc/self/cgroup
readlink /proc/self/ns/cgroup
unshare -C sh -c 'cat /proc/self/cgroup; readlink /proc/self/ns/cgroup'
