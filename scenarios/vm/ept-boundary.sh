# Seed claim: "an attacker gets code execution in VM1 and tries to read VM2's
# memory, but the hypervisor blocks it (different emulated address spaces).
# Even if the attacker escalates to root in VM1, they can't see outside the VM."
# And, for contrast: "All containers share the same host OS kernel".
vm create vm1 --image alpine --memory 256M
vm create vm2 --image alpine --memory 256M
vm start -q vm1
vm start -q vm2
echo '--- VM2 keeps a secret in its RAM at guest-physical 0x100000'
vm exec vm2 -- memwrite 0x100000 'VM2-SECRET'
vm exec vm2 -- memread 0x100000 16
echo '--- root in VM1 reads the same guest-physical address: its own RAM, not VM2s'
vm exec vm1 -- 'id -u; memread 0x100000 16'
echo '--- root in VM1 reaches past its RAM (256M) for other memory: EPT violation'
vm exec vm1 -- memread 0x10000000 16
echo "exit status $?"
echo '--- the hypervisor logged it on the host'
dmesg | grep -o 'EPT violation.*'
echo '--- contrast: two "containers" as processes on one kernel share fs.file-max'
sh -c 'echo 500000 > /proc/sys/fs/file-max; echo "container A set file-max to $(cat /proc/sys/fs/file-max)"'
sh -c 'echo "container B sees file-max $(cat /proc/sys/fs/file-max)"'
echo '--- while each VM has its own kernel and its own file-max'
vm exec vm1 -- 'echo 1234 > /proc/sys/fs/file-max; cat /proc/sys/fs/file-max'
vm exec vm2 -- cat /proc/sys/fs/file-max
