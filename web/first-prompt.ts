// The first prompt on any terminal: the page is usable from here. What is not
// needed to type (the charts' library) waits for it, so it does not compete
// with the boot for the network and the main thread.
let reached: () => void = () => {}
export const firstPrompt: Promise<void> = new Promise<void>((resolve) => { reached = resolve })

/** Called by a terminal as it shows a prompt; the first call marks the time (for the benchmark). */
export function promptShown(): void {
  if (performance.getEntriesByName('isolab:first-prompt').length > 0) return
  performance.mark('isolab:first-prompt')
  reached()
}
