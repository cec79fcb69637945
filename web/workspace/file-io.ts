// Export the workspace as a JSON download; import one from a chosen file.
import { parseWorkspace, serialiseWorkspace, type Parsed, type Workspace } from './workspace.ts'

export function exportWorkspace(w: Workspace): void {
  const url = URL.createObjectURL(new Blob([serialiseWorkspace(w)], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = `isolab-workspace-seed${w.seed}.json`
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export async function readWorkspaceFile(f: File): Promise<Parsed> {
  if (f.size > 50 * 1024 * 1024) return { ok: false, reason: 'file is larger than 50 MB' }
  return parseWorkspace(await f.text())
}
