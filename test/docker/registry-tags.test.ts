// The offline registry: official images under their usual tags (a tag is one
// more name for the same manifest), older releases as images of their own, the
// registry's errors for an unknown tag and an unknown repository, and
// `docker search` (docker/cli cli/command/registry/search.go).
import { describe, expect, it } from 'vitest'
import { Machine } from '../../src/host/machine.ts'

const run = (script: string) => new Machine().runScript(script)

describe('registry tags', () => {
  it('release tags run the release they name', () => {
    const r = run('for i in ubuntu:22.04 ubuntu:24.04 ubuntu:jammy debian:bookworm debian:11 alpine:3.19 alpine:3.20; do docker run --rm $i grep -h ^PRETTY_NAME /etc/os-release; done 2>/dev/null')
    expect(r.stdout).toBe([
      'PRETTY_NAME="Ubuntu 22.04.5 LTS"', 'PRETTY_NAME="Ubuntu 24.04.1 LTS"', 'PRETTY_NAME="Ubuntu 22.04.5 LTS"',
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"', 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"',
      'PRETTY_NAME="Alpine Linux v3.19"', 'PRETTY_NAME="Alpine Linux v3.20"',
    ].join('\n') + '\n')
  })
  it('two tags of one manifest share the image id and its layer ("Already exists")', () => {
    const r = run('docker pull alpine:3.20 >/dev/null 2>&1; docker pull alpine; docker images --format "{{.Tag}} {{.ID}}" alpine')
    expect(r.stdout).toBe('Using default tag: latest\nlatest: Pulling from library/alpine\n43c4264eed91: Already exists\n' +
      'Digest: sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d\nStatus: Downloaded newer image for alpine:latest\n' +
      'docker.io/library/alpine:latest\n3.20 91ef0af61f39\nlatest 91ef0af61f39\n')
  })
  it('an unknown tag of a known repository is manifest unknown; an unknown repository is pull access denied', () => {
    const r = run('docker pull alpine:9; echo $?; docker run --rm ubuntu:99.04 true; echo $?; docker pull nosuchimage; echo $?')
    expect(r.stderr).toBe('Error response from daemon: manifest for alpine:9 not found: manifest unknown: manifest unknown\n' +
      "Unable to find image 'ubuntu:99.04' locally\n" +
      "docker: Error response from daemon: manifest for ubuntu:99.04 not found: manifest unknown: manifest unknown.\nSee 'docker run --help'.\n" +
      "Error response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login'\n")
    expect(r.stdout).toBe('1\n125\nUsing default tag: latest\n1\n')
  })
})

describe('docker search', () => {
  it('lists matching repositories, most stars first, descriptions cut at 45 characters', () => {
    expect(run('docker search ubuntu').stdout).toBe(
      'NAME      DESCRIPTION                                     STARS     OFFICIAL\n' +
      'ubuntu    Ubuntu is a Debian-based Linux operating sys…   17514     [OK]\n')
  })
  it('--filter is-official, --limit and --format', () => {
    expect(run('docker search --filter is-official=false --format "{{.Name}} {{.StarCount}}" exploit').stdout).toBe('isolab/exploits 0\n')
    expect(run('docker search --limit 2 --format "{{.Name}}" i').stdout).toBe('nginx\nubuntu\n')
  })
})
