# Seed claim ("multiple containers are simply multiple processes running in the
# same shared kernel"): lsns lists every namespace and the processes in it.
unshare -u -n sleep 100 &
sleep 1
lsns -t uts
lsns -t net -o NS,TYPE,NPROCS
kill -9 %1
