// FNV-1a over the text's UTF-16 code units: tells a shipped lab file, parsed
// when the site was built, from an edited copy of it (the web worker then
// parses the text itself).
export function textHash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0
  return h
}
