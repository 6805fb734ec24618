"""Attack tests: one module per numbered part of the security hardening (issue 12)."""
