"""`casebot`: one module per sub-command group; each calls domain services in bot/ and writes no SQL of
its own.
"""
