export const OUTFILE: string
export function buildCli(opts?: { quiet?: boolean }): Promise<string>
export function describeBuildError(err: unknown): string
