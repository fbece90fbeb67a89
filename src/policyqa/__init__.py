"""policyqa: multilingual question answering over EU policy and law, with cited provisions."""

__version__ = "0.1.0"
