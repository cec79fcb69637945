// Every shipped lab's and scenario's heading (kind, title, summary, claim,
// topic), read from its YAML when the site was built (web/vite.config.ts): the
// catalogue needs no YAML parser in the page. A chunk of its own, loaded with
// the catalogue.
/// <reference types="vite/client" />
export interface Heading { kind: string; title: string; summary: string; claim?: string; topic: string; minutes?: number; difficulty?: string }

export const HEADINGS = import.meta.glob('../../scenarios/**/*.yaml', { query: '?lab-meta', import: 'default', eager: true }) as Record<string, Heading | null>
