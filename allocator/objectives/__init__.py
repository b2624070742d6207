"""Soft terms: one module per term (or per closely tied pair), their list in ``registry``."""
