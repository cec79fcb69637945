// A step's markdown as safe HTML: marked renders it, DOMPurify removes
// anything active (scripts, handlers, javascript: links), so a lab file loaded
// from anywhere is data only. The page's CSP forbids inline script besides.
import DOMPurify from 'dompurify'
import { marked } from 'marked'

export function renderMarkdown(md: string): DocumentFragment {
  const html = marked.parse(md, { async: false, gfm: true, breaks: false })
  return DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true, FORBID_TAGS: ['style', 'form', 'input', 'iframe'] })
}
