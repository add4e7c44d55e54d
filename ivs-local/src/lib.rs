// placeholder, replaced by the ivs-local work
