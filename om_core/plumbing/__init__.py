"""The HTTP plumbing the JSON API and the web pages share: request log, security headers,
sessions, rate limits, voter cookies and URL converters."""
