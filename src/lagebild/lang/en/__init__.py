"""Language data for 'en'. One module per stage; see lagebild.lang."""
