# Seed claims: "VMs can run at 4-10 per server (32 GB RAM, each VM gets 3-8 GB)";
# "Containers can run at 100-1000 per server"; "If you run 10 VMs on a 32 GB
# server, you lose 2.5-8 GB just to overhead".
density --host-memory 32G
