"""Index backends: vector stores (behind one interface, picked by name) and the lexical index."""
