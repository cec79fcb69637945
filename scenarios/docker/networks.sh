# Seed: "network namespaces provide isolated network stacks" on one shared
# kernel. Each container gets its own eth0, routes and resolv.conf; Docker
# joins them with bridges in the host's namespace, and what connects to what
# is configuration: the default bridge has no names, a user-defined network
# has an embedded DNS server, and two user-defined networks cannot reach
# each other.
docker pull alpine >/dev/null
docker pull nginx >/dev/null

# The default bridge (docker0, 172.17.0.0/16): reachable by IP, not by name.
echo "== default bridge"
docker run -d --name db1 alpine sleep 1000 >/dev/null
DB1=$(docker inspect -f '{{.NetworkSettings.IPAddress}}' db1)
echo "ping db1, by name:"
docker run --rm alpine ping -c 1 db1
echo "ping $DB1, by IP:"
docker run --rm alpine ping -c 1 $DB1 | head -2
echo "its resolv.conf is the host's nameserver:"
docker run --rm alpine grep nameserver /etc/resolv.conf

# A user-defined network: its own bridge (br-<id>) and subnet; containers on
# it ask the embedded DNS server at 127.0.0.11 and find each other by name.
echo "== docker network create appnet"
docker network create appnet >/dev/null
docker network ls
docker run -d --name db --network appnet alpine sleep 1000 >/dev/null
echo "ping db, by name, from appnet:"
docker run --rm --network appnet alpine ping -c 1 db | head -2
echo "its resolv.conf points at the embedded DNS server:"
docker run --rm --network appnet alpine grep nameserver /etc/resolv.conf
echo "routes inside a container on appnet:"
docker run --rm --network appnet alpine ip route
echo "the host's routes: one bridge per network"
ip route | grep -v eth0

# Two user-defined networks are isolated from each other (Docker's
# DOCKER-ISOLATION rules): no name, and the IP address gets no answer.
echo "== othernet cannot reach appnet"
docker network create othernet >/dev/null
DB=$(docker inspect -f '{{.NetworkSettings.Networks.appnet.IPAddress}}' db)
echo "ping db, by name, from othernet:"
docker run --rm --network othernet alpine ping -c 1 db
echo "ping $DB, by IP, from othernet:"
docker run --rm --network othernet alpine ping -c 1 -W 1 $DB | tail -2

# -p publishes a container's port on the host: a docker-proxy process listens
# on the host's port and connects to the container's address, so nginx sees
# the bridge's gateway as its client.
echo "== -p 8080:80"
docker run -d --name web -p 8080:80 nginx >/dev/null
docker port web
ps -eo pid,args | awk '$2 == "/usr/bin/docker-proxy"'
echo "an HTTP request to the host's port 8080 (nc), then nginx's log line:"
printf 'GET / HTTP/1.0\r\n\r\n' | nc 127.0.0.1 8080 | head -1 | tr -d '\r'
docker logs web 2>/dev/null | tail -1
