// The console's only script: live updates (server-sent events -> fragments rendered by the
// server for this account), call durations, and the "talk to the agent" page.
"use strict";

function csrfToken() {
  const m = document.querySelector('meta[name="csrf-token"]');
  return m ? m.content : "";
}

async function fetchFragment(url) {
  const r = await fetch(url, {credentials: "same-origin", headers: {"Accept": "text/html-fragment"}});
  if (r.status === 401) { window.location = "/login?next=" + encodeURIComponent(location.pathname); return null; }
  return r;
}

async function refresh(id) {
  const el = document.getElementById(id);
  if (!el) return;
  const r = await fetchFragment(el.dataset.src);
  if (r && r.ok) el.innerHTML = await r.text();
}

async function refreshCalls(ids) {  // the changed calls' cards, in one request
  const box = document.getElementById("live-calls");
  if (!box) return;
  if (ids.includes("*")) return refresh("live-calls");
  const r = await fetchFragment("/live/calls?ids=" + encodeURIComponent(ids.join(",")));
  if (!r || !r.ok) return;
  const got = document.createElement("div");
  got.innerHTML = await r.text();
  const fresh = new Map([...got.querySelectorAll(".call-slot")].map((el) => [el.dataset.call, el]));
  for (const id of ids) {
    const slot = document.getElementById("call-" + id);
    const el = fresh.get(id);
    if (!el) { if (slot) slot.remove(); continue; }  // no longer live
    const empty = document.getElementById("no-live-calls");
    if (empty) empty.remove();
    if (slot) slot.replaceWith(el); else box.appendChild(el);
    if (el.querySelector("[data-ended]")) {  // just ended: shown a minute with its outcome
      setTimeout(() => { const s = document.getElementById("call-" + id); if (s) s.remove(); }, 60000);
    }
  }
  if (!box.querySelector(".call-slot") && !document.getElementById("no-live-calls")) refresh("live-calls");
}

function startLive() {
  const status = document.getElementById("feed-status");
  const es = new EventSource("/live/events");
  es.addEventListener("hello", () => { status.textContent = "live"; status.className = "feed ok"; });
  es.addEventListener("feed", (e) => {
    const d = JSON.parse(e.data);
    status.textContent = d.ok ? "live" : d.error;
    status.className = d.ok ? "feed ok" : "feed lost";
  });
  es.addEventListener("calls", (e) => refreshCalls(JSON.parse(e.data).ids));
  es.addEventListener("alerts", () => refresh("alerts"));
  es.addEventListener("health", () => refresh("health"));
  es.addEventListener("logout", () => { es.close(); window.location = "/login"; });
  es.onerror = () => { status.textContent = "reconnecting to the live feed…"; status.className = "feed lost"; };
  // Acknowledge without leaving the page.
  document.addEventListener("submit", async (ev) => {
    const f = ev.target;
    if (!f.classList.contains("ack")) return;
    ev.preventDefault();
    await fetch(f.action, {method: "POST", credentials: "same-origin", body: new FormData(f),
                           headers: {"X-CSRF-Token": csrfToken()}});
    refresh("alerts");
  });
}

function tickDurations() {
  const now = Date.now() / 1000;
  for (const el of document.querySelectorAll(".duration[data-started]")) {
    const s = Math.max(0, Math.round(now - parseFloat(el.dataset.started)));
    el.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
}

// -- talk to the agent --------------------------------------------------------------------
function startVoice() {
  const startBtn = document.getElementById("voice-start");
  const stopBtn = document.getElementById("voice-stop");
  const status = document.getElementById("voice-status");
  const transcript = document.getElementById("voice-transcript");
  const decisions = document.getElementById("voice-decisions");
  const audioStats = document.getElementById("voice-audio-stats");
  let ws = null, ctx = null, stream = null, proc = null, playAt = 0, replyMs = 0;

  function line(list, cls, text) {
    const li = document.createElement("li");
    li.className = cls;
    li.textContent = text;
    list.appendChild(li);
    return li;
  }

  function play(buf) {  // 16 kHz s16le -> the context's rate, queued back to back
    const pcm = new Int16Array(buf);
    if (!pcm.length) return;
    const ab = ctx.createBuffer(1, pcm.length, 16000);
    const ch = ab.getChannelData(0);
    for (let i = 0; i < pcm.length; i++) ch[i] = pcm[i] / 32768;
    const src = ctx.createBufferSource();
    src.buffer = ab;
    src.connect(ctx.destination);
    playAt = Math.max(playAt, ctx.currentTime);
    src.start(playAt);
    playAt += ab.duration;
    replyMs += ab.duration * 1000;
    audioStats.textContent = "reply audio: " + Math.round(replyMs) + " ms";
    audioStats.dataset.ms = String(Math.round(replyMs));
  }

  async function start() {
    startBtn.disabled = true;
    status.textContent = "asking for the microphone…";
    stream = await navigator.mediaDevices.getUserMedia({audio: {channelCount: 1, echoCancellation: true}});
    ctx = new AudioContext();
    const proto = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(proto + location.host + "/voice/ws");
    ws.binaryType = "arraybuffer";
    ws.onopen = () => { ws.send(JSON.stringify({csrf: csrfToken()})); status.textContent = "connecting…"; };
    ws.onclose = () => { status.textContent = "call ended"; stopAudio(); startBtn.disabled = false; stopBtn.disabled = true; };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== "string") { play(ev.data); return; }
      const m = JSON.parse(ev.data);
      const d = m.detail || {};
      if (m.kind === "status") status.textContent = d.message;
      else if (m.kind === "ready") { status.textContent = "listening: speak now"; status.dataset.call = d.call_id; stopBtn.disabled = false; streamMic(); }
      else if (m.kind === "transcript") line(transcript, "turn caller", "caller: " + d.text + " (" + d.lang + ")");
      else if (m.kind === "turn_done") {
        line(transcript, "turn agent", "sovren: " + (d.reply || ""));
        for (const a of d.actions || []) {
          line(decisions, a.approved ? "approved" : "refused",
               a.kind + " " + (a.approved ? "approved" : "refused") + " (posterior " + Number(a.posterior).toFixed(3) + ")");
        }
      }
      else if (m.kind === "barge_in") line(transcript, "turn barge-in", "(you talked over the reply; heard: " + (d.heard || "") + ")");
      else if (m.kind === "latency") line(decisions, "latency", "turn " + m.turn + ": voice-to-voice " + d.voice_to_voice_ms + " ms");
      else if (m.kind === "error" || m.kind === "fatal") { status.textContent = "error: " + (d.message || m.message || d.error || ""); }
      else if (m.kind === "closed") status.textContent = "call ended: " + (d.outcome || "");
    };
  }

  function streamMic() {
    const source = ctx.createMediaStreamSource(stream);
    proc = ctx.createScriptProcessor(4096, 1, 1);
    const ratio = ctx.sampleRate / 16000;
    let carry = 0;
    proc.onaudioprocess = (e) => {
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      const x = e.inputBuffer.getChannelData(0);
      const n = Math.floor((x.length - carry) / ratio);
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) {  // average over each output sample's span: a simple low-pass
        const a = Math.floor(carry + i * ratio), b = Math.min(x.length, Math.floor(carry + (i + 1) * ratio));
        let s = 0;
        for (let j = a; j < b; j++) s += x[j];
        const v = s / Math.max(1, b - a);
        out[i] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
      }
      carry = carry + n * ratio - x.length;
      if (carry < 0) carry = 0;
      ws.send(out.buffer);
    };
    source.connect(proc);
    proc.connect(ctx.destination);
  }

  function stopAudio() {
    if (proc) { proc.disconnect(); proc = null; }
    if (stream) { for (const t of stream.getTracks()) t.stop(); stream = null; }
  }

  startBtn.addEventListener("click", () => start().catch((e) => { status.textContent = "error: " + e; startBtn.disabled = false; }));
  stopBtn.addEventListener("click", () => { if (ws) ws.send(JSON.stringify({kind: "hangup"})); stopAudio(); stopBtn.disabled = true; });
}

document.addEventListener("DOMContentLoaded", () => {
  if (document.body.classList.contains("live")) { startLive(); tickDurations(); setInterval(tickDurations, 1000); }
  if (document.body.classList.contains("voice")) startVoice();
});
