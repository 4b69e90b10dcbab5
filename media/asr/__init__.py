"""Speech recognition: whisper.cpp through pywhispercpp, fed by weights converted from packages."""
