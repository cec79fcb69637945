// Colour the shell's plain prompt ("root@host:~# ") for the line editor: user
// green (red for root), path blue. Unknown shapes pass through unchanged.
const RESET = '\x1b[0m'

export function colourPrompt(p: string): string {
  if (p.includes('\x1b')) return p // the shell already coloured it
  const m = /^(.*?)([\w.-]+)@([\w.-]+):([^\n]*?)([#$]) $/s.exec(p)
  if (!m) return p
  const [, pre, user, host, path, sigil] = m
  const userColour = sigil === '#' ? '\x1b[1;31m' : '\x1b[1;32m'
  return `${pre}${userColour}${user}@${host}${RESET}:\x1b[1;34m${path}${RESET}${sigil} `
}
