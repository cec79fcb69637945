// localStorage persistence. A saved workspace that fails validation is never
// dropped: it is moved aside under a dated key and reported to the learner.
import { parseWorkspace, serialiseWorkspace, type Workspace } from './workspace.ts'

export const KEY = 'isolab.workspace'
export const CORRUPT_PREFIX = 'isolab.workspace.corrupt.'

export type Loaded =
  | { kind: 'none' }
  | { kind: 'ok'; workspace: Workspace }
  | { kind: 'corrupt'; reason: string; keptAs: string }

export function loadWorkspace(store: Storage, now = Date.now()): Loaded {
  const text = store.getItem(KEY)
  if (text === null) return { kind: 'none' }
  const parsed = parseWorkspace(text)
  if (parsed.ok) return { kind: 'ok', workspace: parsed.workspace }
  const keptAs = CORRUPT_PREFIX + new Date(now).toISOString()
  store.setItem(keptAs, text)
  store.removeItem(KEY)
  return { kind: 'corrupt', reason: parsed.reason, keptAs }
}

/** Returns an error message instead of throwing (quota exceeded, storage disabled). */
export function saveWorkspace(store: Storage, w: Workspace): string | null {
  try {
    store.setItem(KEY, serialiseWorkspace(w))
    return null
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}
