export interface Simplification { file: string; line: number; text: string }
export function listSimplifications(root?: string): Simplification[]
