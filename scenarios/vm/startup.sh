# Seed claim: "VM startup requires many steps: allocate virtual CPU and virtual
# RAM, execute BIOS POST, run bootloader, load kernel, initialize device
# drivers, start init system, finally start application. Typical time: 30-60
# seconds" versus "Container startup ... Typical time: 100-500 milliseconds"
# (milliseconds vs minutes). A microVM (Firecracker) boots in about 125 ms.
# SIMPLIFICATION: the shell has no `time` keyword yet; vm start prints its boot time.
vm create web1
vm create fc1 --profile microvm
echo '--- a full VM: every boot stage, in virtual time'
vm start web1
echo '--- a microVM: no firmware, no bootloader'
vm start -q fc1
echo '--- a process start on the host (what a container is): uptime before and after'
cat /proc/uptime
sh -c true
cat /proc/uptime
