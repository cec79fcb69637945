# Seed claim ("network namespaces provide isolated network stacks"): a new
# network namespace has only lo, DOWN (network_namespaces(7)); two namespaces
# may both listen on the same port.
unshare -n ip link
unshare -n sh -c 'ip link set lo up; ip -br link'
