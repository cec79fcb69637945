# Seed claim ("network namespaces provide isolated network stacks"): a new
# network namespace has only lo, DOWN (network_namespaces(7)); each namespace
# has its own ports, and traffic flows only along links that exist (a veth pair).
unshare -n ip link
echo '--- two namespaces, both listening on port 80'
unshare -n sh -c 'ip link set lo up; nc -l 80 & sleep 1; echo "reply from namespace A" | nc 127.0.0.1 80; wait'
unshare -n sh -c 'ip link set lo up; nc -l 80 & sleep 1; echo "reply from namespace B" | nc 127.0.0.1 80; wait'
echo '--- a veth pair between the host and "web"'
ip netns add web
ip netns add island
ip link add veth0 type veth peer name veth1
ip link set veth1 netns web
ip addr add 10.0.0.1/24 dev veth0
ip link set veth0 up
ip netns exec web ip addr add 10.0.0.2/24 dev veth1
ip netns exec web ip link set veth1 up
ip -br addr show veth0
ping -c 1 10.0.0.2 | head -2
echo '--- "island" has no link: unreachable'
ip netns exec island ping -c 1 10.0.0.2
ip netns list
