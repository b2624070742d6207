"""Hard rules: one module per rule, their order in ``registry``."""
