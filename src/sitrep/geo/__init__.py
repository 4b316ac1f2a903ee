"""Places: the gazetteer index, name forms, recognition and coherent resolution."""
