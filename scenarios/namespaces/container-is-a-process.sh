# Seed claim (section "Common Misconception: Containers Are Lightweight VMs"):
# "A container is not a small VM. It's a process." — the "container" below is
# `sleep 1000` in new pid and mount namespaces. The host's ps lists it with
# its host pid; its pid namespace differs from the shell's; inside it is pid 1.
unshare -pf --mount-proc sleep 1000 &
sleep 1
echo '--- host view: an ordinary process'
ps -ef | awk 'NR == 1 || $8 == "unshare" || $8 == "sleep"'
PID=$(ps -eo pid,comm | awk '$2 == "sleep" { print $1 }')
echo "--- namespaces: the shell's vs the container's"
readlink /proc/$$/ns/pid
readlink /proc/$PID/ns/pid
echo '--- inside: the same process is pid 1'
grep NSpid /proc/$PID/status
nsenter -t $PID -p -m ps -o pid,ppid,comm
echo '--- and it dies like a process: SIGKILL from the host'
kill -9 $PID
wait $!
echo "unshare exited with $? (128 + 9: killed)"
