"""Size limits, each defined once and used by the columns, the schemas and the forms alike."""

EMAIL_MAX = 254  # RFC 5321's longest deliverable address
NAME_MAX = 100  # the brief's String(100) for name and surname
PASSWORD_MIN = 8  # NIST 800-63B: at least 8, allow at least 64, no composition rules
PASSWORD_MAX = 128
PER_PAGE_DEFAULT = 20
PER_PAGE_MAX = 100
QUESTION_MAX = 500
DESCRIPTION_MAX = 2000
CHOICES_MIN = 2
CHOICES_MAX = 50
CHOICE_TEXT_MAX = 200
ADMIN_TOKEN_BYTES = 32  # a guest poll's admin token: 256 random bits, as bearer tokens
POLL_ID_BYTES = 8  # 64 random bits: 11 URL-safe characters, never sequential or guessable
ID_MAX = 2**31 - 1  # the largest integer id the databases' INTEGER columns hold
PAGE_MAX = 100_000  # no list is that long; a larger page number is a client's mistake
