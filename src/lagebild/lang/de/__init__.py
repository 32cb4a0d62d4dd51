"""Language data for 'de'. One module per stage; see lagebild.lang."""
