"""Language data for 'fr'. One module per stage; see lagebild.lang."""
