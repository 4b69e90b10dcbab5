-- Voice-to-voice latency measured by the runtime itself (docs/console.md, "Charts").
--
-- Why: until now only the console's voice page measured it (source 'console'), so the
-- latency chart knew nothing of the other calls. The media worker now records, for every
-- real-time audio call (a phone call through the SIP bridge, the console's voice page,
-- `sovren call --wav --realtime`), each turn's time from the arrival of the caller's last
-- word to the first reply frame it sends (source 'media'). The same turn may thus be
-- measured at two places (the console measures from the browser's side): one row per
-- call, turn and source.
ALTER TABLE voice_latency DROP CONSTRAINT voice_latency_call_id_turn_key;
ALTER TABLE voice_latency ADD CONSTRAINT voice_latency_call_turn_source UNIQUE (call_id, turn, source);
CREATE INDEX voice_latency_source_created_at ON voice_latency (source, created_at);
