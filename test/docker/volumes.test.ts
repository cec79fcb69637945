// Named volumes (docs.docker.com/engine/storage/volumes/: "-v NAME:/path",
// docker volume create/ls/inspect/rm; a new volume is filled with the image's
// files at the mount point) and docker cp (docs.docker.com/reference/cli/docker/
// container/cp/: both directions, files and directories, symlinks resolved in
// the container's scope).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript('docker pull alpine >/dev/null; ' + script, { maxSteps: 50_000_000 })

describe('named volumes', () => {
  it('-v NAME:/path is /var/lib/docker/volumes/NAME/_data, shared between containers and kept after docker rm', () => {
    const r = run('docker run --name w1 -v mydata:/data alpine sh -c "echo hi > /data/f"; docker rm w1 >/dev/null; ' +
      'docker run --rm -v mydata:/data alpine cat /data/f; cat /var/lib/docker/volumes/mydata/_data/f; docker volume ls')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('hi\nhi\nDRIVER    VOLUME NAME\nlocal     mydata\n')
  })
  it('a new volume gets the image\'s files at the mount point; inspect Mounts and Binds name it', () => {
    const r = run('docker pull nginx >/dev/null; docker run -d --name web -v html:/usr/share/nginx/html nginx >/dev/null; ls /var/lib/docker/volumes/html/_data; ' +
      'docker inspect -f "{{json .Mounts}} {{.HostConfig.Binds}}" web; docker ps --format "{{.Mounts}}"')
    expect(r.stdout).toBe('index.html\n' +
      '[{"Type":"volume","Name":"html","Source":"/var/lib/docker/volumes/html/_data","Destination":"/usr/share/nginx/html","Driver":"local","Mode":"z","RW":true,"Propagation":""}] [html:/usr/share/nginx/html]\nhtml\n')
  })
  it('volume create, inspect (JSON as the Engine API orders it), rm', () => {
    const r = run('docker volume create v1; docker volume inspect v1; docker volume inspect -f "{{.Mountpoint}}" v1; docker volume rm v1; docker volume ls -q | wc -l')
    expect(r.stdout.replace(/"CreatedAt": "[^"]+"/, '"CreatedAt": "T"')).toBe(`v1
[
    {
        "CreatedAt": "T",
        "Driver": "local",
        "Labels": null,
        "Mountpoint": "/var/lib/docker/volumes/v1/_data",
        "Name": "v1",
        "Options": null,
        "Scope": "local"
    }
]
/var/lib/docker/volumes/v1/_data
v1
0
`)
    expect(r.stdout).toMatch(/"CreatedAt": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/)
  })
  it('errors: a volume in use, a missing one, an invalid name (run: 125)', () => {
    const r = run('docker run -d --name u1 -v v2:/x alpine sleep 100 >/dev/null; id=$(docker inspect -f "{{.Id}}" u1); ' +
      'docker volume rm v2 2>&1 | sed "s/$id/ID/"; docker volume rm nope; echo $?; docker run --rm -v "a b:/x" alpine true; echo $?')
    expect(r.stdout).toBe('Error response from daemon: remove v2: volume is in use - [ID]\n1\n125\n')
    expect(r.stderr).toBe('Error response from daemon: get nope: no such volume\n' +
      'docker: Error response from daemon: create a b: "a b" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path.\nSee \'docker run --help\'.\n')
  })
})

describe('docker cp', () => {
  it('container → host (a file, a directory into an existing one) and host → container (into a directory)', () => {
    const r = run('cd /tmp; docker run -d --name box -h boxhost alpine sleep 100 >/dev/null; docker cp box:/etc/hostname ./h; cat h; ' +
      'echo hello > f; docker cp f box:/tmp/; docker exec box cat /tmp/f; mkdir d; echo 1 > d/a; docker cp d box:/root; docker exec box cat /root/d/a; ' +
      'mkdir out; docker cp box:/etc out; ls out/etc | grep -c passwd; docker cp box:/root/d/. ./flat; ls flat')
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('boxhost\nhello\n1\n1\na\n')
  })
  it('a symlink inside the container resolves within its root, not the host\'s', () => {
    const r = run('cd /tmp; echo host > /tmp/marker; docker run -d --name box alpine sleep 100 >/dev/null; docker exec box sh -c "echo box > /tmp/marker; ln -s /tmp /tmp/l"; ' +
      'docker cp box:/tmp/l/marker ./got; cat got')
    expect(r.stdout).toBe('box\n')
  })
  it('errors: missing path or container, two containers, no container, missing local file, missing destination directory', () => {
    const r = run('cd /tmp; docker run -d --name box alpine sleep 100 >/dev/null; docker cp box:/nope .; echo $?; docker cp nope:/x .; ' +
      'docker cp a b; docker cp box:/a box:/b; docker cp ./missing box:/; echo $?; echo x > f; docker cp f box:/nodir/x; docker cp box:/etc/ ./new/')
    expect(r.stdout).toBe('1\n1\n')
    expect(r.stderr).toBe('Error response from daemon: Could not find the file /nope in container box\nError response from daemon: No such container: nope\n' +
      'must specify at least one container source\ncopying between containers is not supported\nlstat ./missing: no such file or directory\n' +
      'Error response from daemon: Could not find the file /nodir/x in container box\ndestination "./new/" must be a directory\n')
  })
})

describe('docker system df (system/df reference: TYPE TOTAL ACTIVE SIZE RECLAIMABLE)', () => {
  it('images by id, containers, local volumes; reclaimable with its percentage (go-units HumanSize, 4 digits)', () => {
    const r = run('docker pull nginx >/dev/null; docker run -d --name web -v v1:/usr/share/nginx/html nginx >/dev/null; docker volume create spare >/dev/null; docker run --name x1 busybox true >/dev/null 2>&1; docker rm x1 >/dev/null; docker system df')
    expect(r.stdout).toBe(`TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
Images          3         1         204.1MB   12.07MB (5%)
Containers      1         1         0B        0B
Local Volumes   2         1         121B      0B (0%)
Build Cache     0         0         0B        0B
`)
  })
})

describe('prune (image/volume/system prune references)', () => {
  it('image prune: no dangling images by default; -a removes images no container uses, lowercase untagged:/deleted:', () => {
    const r = run('docker pull busybox >/dev/null; docker run --name d1 alpine true; docker image prune -f; docker image prune -af; docker images --format "{{.Repository}}"')
    expect(r.stdout).toBe('Total reclaimed space: 0B\nDeleted Images:\nuntagged: busybox:latest\n' +
      'untagged: busybox@sha256:db142d433cdde11f10ae479dbf92f3b13d693fd1c91053da9979728cceb1dc68\n' +
      'deleted: sha256:27a71e19c95622dce4b60e1e1b0b4f02d8c4b5cb2bd28ab1f6b8b1d1e1c0a7e2\n\nTotal reclaimed space: 4.27MB\nalpine\n')
  })
  it('volume prune: anonymous only by default; -a every volume no container mounts', () => {
    const r = run('docker run --name d1 -v used:/x alpine true; docker volume create spare >/dev/null; docker volume prune -f; docker volume prune -af; docker volume ls -q')
    expect(r.stdout).toBe('Total reclaimed space: 0B\nDeleted Volumes:\nspare\n\nTotal reclaimed space: 0B\nused\n')
  })
  it('system prune asks first (N keeps everything); -f removes stopped containers', () => {
    const r = run('docker run --name d1 alpine true; id=$(docker inspect -f "{{.Id}}" d1); echo n | docker system prune; echo; docker ps -aq | wc -l; docker system prune -f | sed "s/$id/ID/"')
    expect(r.stdout).toBe(`WARNING! This will remove:
  - all stopped containers
  - all networks not used by at least one container
  - all dangling images
  - unused build cache

Are you sure you want to continue? [y/N] 
1
Deleted Containers:
ID

Total reclaimed space: 0B
`)
  })
})
