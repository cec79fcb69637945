# Seed claim ("namespaces ... IPC"): System V IPC objects live in an IPC
# namespace; a queue made outside is not listed inside (ipc_namespaces(7)).
ipcmk -Q
ipcs -q | tail -n +4
unshare -i sh -c 'echo inside:; ipcs -q'
