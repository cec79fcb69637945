# Seed: "Kernel code is loaded once in memory, shared libraries are loaded
# once, disk caches benefit all containers ... 100 containers on a small server
# instead of 10 VMs" (each VM boots from its own disk image, 250-800+ MB each).
# A container has no disk of its own: its root is an overlay mount of the
# image's read-only layers, shared by every container of that image, and a
# thin writable layer of its own (the upperdir) in the host's filesystem.
docker pull alpine >/dev/null
docker run -d --name app1 alpine sleep 1000 >/dev/null
docker run -d --name app2 alpine sleep 1000 >/dev/null
IMG=$(docker inspect -f '{{.GraphDriver.Data.LowerDir}}' app1)
UP1=$(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' app1)

echo "== app1's / is an overlay: lowerdir = the image's layer, upperdir = app1's own"
docker exec app1 mount | grep overlay

# Both containers have the same lower layer: the image, unpacked once on the
# host. Same inode number: they read the one file in it, so the kernel caches
# its pages once (the page cache is per inode).
echo "== one copy of the image for both containers"
echo "app1 LowerDir: $IMG"
echo "app2 LowerDir: $(docker inspect -f '{{.GraphDriver.Data.LowerDir}}' app2)"
echo "app1: $(docker exec app1 stat -c '%i %n' /bin/busybox)"
echo "app2: $(docker exec app2 stat -c '%i %n' /bin/busybox)"
echo "host: $(stat -c '%i %n' $IMG/bin/busybox)"

# A write lands in the writer's upperdir only (copy-up): the image's layer and
# the other container never see it. (etc/: isolab's dockerd writes app1's
# hostname, hosts and resolv.conf through the overlay; real Docker bind-mounts
# them from /var/lib/docker/containers/<id>/ instead.)
echo "== app1 writes /root/note.txt"
docker exec app1 sh -c 'echo hello > /root/note.txt'
echo "app1's upperdir on the host (cd \$UP1; ls -R):"
cd $UP1; ls -R; cd /
echo "app2 /root: [$(docker exec app2 ls -A /root)]"
echo "image /root: [$(ls -A $IMG/root)]"

# Deleting a file of the image cannot touch the shared layer: overlayfs
# records a whiteout, a character device 0,0, in the upperdir instead.
echo "== app1 deletes /etc/os-release"
docker exec app1 rm /etc/os-release
cd $UP1; ls -l etc/os-release; cd /
docker exec app1 cat /etc/os-release
echo "app2 still has it: $(docker exec app2 head -1 /etc/os-release)"
echo "so does the image:  $(head -1 $IMG/etc/os-release)"

# N containers cost N thin upperdirs, not N copies of the image: SIZE is the
# container's own layer, "virtual" adds the image it shares. (A VM would boot
# each from a disk of its own, with a whole OS on it.)
echo "== the host's /var/lib/docker/overlay2: one image layer, one layer per container (l/: short links)"
ls /var/lib/docker/overlay2
docker ps -s --format 'table {{.Names}}\t{{.Size}}'

# docker rm throws the writable layer away; a named volume is a plain
# directory on the host, outside the layers, and outlives the container.
echo "== docker rm: the upperdir goes, a named volume stays"
docker volume create notes >/dev/null
docker run --name app3 -v notes:/data alpine sh -c 'echo kept > /data/note; echo lost > /root/note'
UP3=$(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' app3)
echo "app3 exited; its upperdir still holds /root/note: $(cat $UP3/root/note)"
docker rm app3 >/dev/null
echo "after docker rm app3:"
ls $UP3 2>&1
echo "volume on the host: $(cat /var/lib/docker/volumes/notes/_data/note)"
echo "a new container:    $(docker run --rm -v notes:/data alpine cat /data/note)"
