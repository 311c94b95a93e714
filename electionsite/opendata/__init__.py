"""Open data in formats other people's tools read: a Frictionless data package, NIST SP
1500-100 election results, Popolo, CITATION.cff, each figure with its source."""
