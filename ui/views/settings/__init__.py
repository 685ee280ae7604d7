"""Page « Paramètres »: the collectivité's settings, matrix weights and accounts."""
