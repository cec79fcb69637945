# Seed claim ("namespaces ... user"): an unprivileged user becomes "root" in a
# new user namespace, but only there: files it creates belong to its real uid
# outside, and host root's files show as nobody inside (user_namespaces(7);
# unshare(1) EXAMPLES: `unshare --user --map-root-user sh -c whoami` prints root).
setpriv --reuid 1000 --regid 1000 --clear-groups sh -c '
  id
  unshare --user --map-root-user sh -c "whoami; cat /proc/self/uid_map /proc/self/gid_map; touch /tmp/made-by-root; ls -ln /etc/hostname"
  ls -ln /tmp/made-by-root
  unshare --uts hostname x || true
'
