// Response headers every answer carries (OWASP Secure Headers Project; OWASP REST Security
// Cheat Sheet, "Security headers"). A fixed set written once per reply: @fastify/helmet, which
// set the same headers before, rebuilt its whole middleware from the configuration on every
// request, which cost more server CPU per lookup than the headers themselves (docs/benchmarks.md).
// No Content-Security-Policy, as before: the answers are JSON (nosniff keeps a browser from
// running them), and the only HTML, the OpenAPI viewer, has inline scripts a policy would have
// to be written around.
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  // HTTPS only for a year, subdomains included (RFC 6797 §6.1); ignored by browsers over plain HTTP.
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  // No MIME sniffing: a JSON answer is never run as a script or rendered as HTML.
  'x-content-type-options': 'nosniff',
  // No framing by other sites (clickjacking of the OpenAPI viewer).
  'x-frame-options': 'SAMEORIGIN',
  // No Referer with personal ID numbers in the path leaves for another site.
  'referrer-policy': 'no-referrer',
  // Other origins may neither embed the answers nor share a browsing context with our pages.
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  // Legacy switches: no Flash/PDF cross-domain policies, no DNS prefetching of links, no IE
  // "open" of downloads, and the old XSS auditor off (it could be abused to leak data).
  'x-permitted-cross-domain-policies': 'none',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-xss-protection': '0',
});

/**
 * Answers with personal data must not be kept by browsers or intermediaries (OWASP REST Security
 * Cheat Sheet: "Cache-Control: no-store" for sensitive data). Set on every answer that did not
 * choose its own caching (the OpenAPI viewer's static files do).
 */
export const NO_STORE = 'no-store';
