# Seed claim ("filesystem namespaces create isolated views of the filesystem"):
# a tmpfs mounted in a new mount namespace is invisible outside (mount_namespaces(7)).
mkdir -p /mnt/scratch
unshare -m sh -c 'mount -t tmpfs tmpfs /mnt/scratch; touch /mnt/scratch/inside; ls /mnt/scratch; grep scratch /proc/self/mountinfo | cut -d" " -f5,9'
echo "outside:"; ls /mnt/scratch
readlink /proc/self/ns/mnt
