"""Local fake vendor servers: real HTTP servers on 127.0.0.1 speaking each vendor's wire format."""
