# Seed claim (one shared kernel, namespaced views): a time namespace shifts
# CLOCK_BOOTTIME/MONOTONIC for its processes only (time_namespaces(7);
# unshare --time --fork --boottime 86400).
cat /proc/self/timens_offsets
unshare --time --fork --boottime 86400 cat /proc/self/timens_offsets
