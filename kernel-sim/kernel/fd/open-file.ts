// The one place an OpenFile record is made. One allocation site gives V8 one
// object shape and keeps the literal's feedback warm: a record made on a cold
// path (a socket held as one number, fd/compact.ts, expanded for the first
// time) is then as cheap as one made by open(2) a million times before.
import type { FileKind, OpenFile } from '../state.ts'

export function openFile(id: number, refs: number, flags: number, pos: number, kind: FileKind, obj: number, path: string, memcg: number): OpenFile {
  return { id, refs, flags, pos, kind, obj, path, memcg, content: undefined, openedIn: undefined, dirDone: undefined, fsctx: undefined }
}
