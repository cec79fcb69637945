# Seed claim ("other namespaces isolate additional resources ... UTS"): a
# hostname set inside `unshare --uts` is not seen outside (uts_namespaces(7)).
hostname
unshare --uts sh -c 'hostname container1; echo "inside: $(hostname)"; readlink /proc/self/ns/uts'
echo "outside: $(hostname)"
readlink /proc/self/ns/uts
