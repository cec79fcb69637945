# Seed: "Container startup ... runtime creates namespace and cgroup, runtime
# mounts filesystem, process starts. Typical time: 100-500 milliseconds."
# The runtime's real steps, each charged from the kernel's seeded generator.
docker pull alpine >/dev/null
docker run --rm --timeline alpine true
