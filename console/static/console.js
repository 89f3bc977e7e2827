// The advisors' console: renders the live snapshots of /ws (queue, conversation) and sends the
// advisor's moves to the JSON API with the session's CSRF token. User text is only ever set
// with textContent; the emotion chart is an SVG built (and escaped) by the server.
"use strict";

const csrf = document.querySelector('meta[name="csrf"]').content;
const page = document.body.dataset.page;
const root = document.getElementById("conversation");
const conversationId = root ? root.dataset.conversation : null;
let state = null;

const STATES = { waiting: "En attente", advisor: "Pris", callback: "Rappel prévu" };
const WHO = { customer: "Client", bot: "Assistant", advisor: "Conseiller" };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

// the bot's messages carry the widget's markdown bold (**LIT-…**): shown bold, never as asterisks
function rich(text) {
  return String(text).split("**").map((part, i) => (i % 2 ? el("strong", {}, part) : part));
}

function parisTime(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString("fr-FR", { timeZone: "Europe/Paris", weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
}

function notice(text, bad) {
  const box = document.getElementById("notice");
  if (!box) return;
  box.textContent = text || "";
  box.className = bad ? "notice bad" : "notice";
}

async function post(move, body) {
  const response = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}/${move}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify(body || {}),
    credentials: "same-origin",
  });
  let answer = {};
  try { answer = await response.json(); } catch (e) { answer = {}; }
  if (!response.ok) {
    notice(answer.error || "L'action n'a pas abouti.", true);
    return false;
  }
  notice("");
  return true;
}

// ---------------------------------------------------------------- the queue
function renderQueue(queue) {
  const body = document.querySelector("#queue tbody");
  if (!body) return;
  body.replaceChildren();
  if (!queue.length) {
    body.append(el("tr", {}, el("td", { colSpan: 8, class: "empty" }, "Personne n'attend pour l'instant.")));
    return;
  }
  for (const item of queue) {
    let status = STATES[item.state] || item.state;
    if (item.state === "advisor") status = `Pris par ${item.advisor_name}`;
    if (item.state === "callback") status = `Rappel prévu ${parisTime(item.callback_at)}`;
    const link = el("a", { href: `/conversations/${encodeURIComponent(item.conversation_id)}` }, "Ouvrir");
    body.append(el("tr", { class: `priority-${item.priority} state-${item.state}`, "data-conversation": item.conversation_id },
      el("td", {}, item.priority_label || item.priority),
      el("td", {}, item.reference || "—"),
      el("td", {}, item.category_label || "—"),
      el("td", {}, item.customer_name || "—"),
      el("td", {}, item.state === "waiting" ? `${item.waited_minutes} min` : "—"),
      el("td", {}, item.reason_text || item.reason || "—"),
      el("td", { class: "state" }, status),
      el("td", {}, link)));
  }
}

// ---------------------------------------------------------------- one conversation
function row(list, term, value) {
  if (value === null || value === undefined || value === "") return;
  list.append(el("dt", {}, term), el("dd", {}, String(value)));
}

function renderBrief(brief) {
  const list = document.getElementById("brief");
  list.replaceChildren();
  row(list, "Dossier", brief.reference || "pas encore de référence");
  row(list, "Priorité", brief.priority_label);
  row(list, "Type", brief.category_label);
  row(list, "Client", brief.customer_name);
  row(list, "E-mail", brief.email);
  row(list, "Téléphone", brief.phone);
  row(list, "Adresse du passage", brief.address);
  row(list, "Disponibilités", brief.availability);
  row(list, "Ce que notre système sait", (brief.known_facts || []).join(" "));
  row(list, "Pourquoi l'assistant a passé la main", brief.handoff_reason_text);
  row(list, "Ce que le client a écrit", (brief.customer_words || []).join(" / "));
  row(list, "Reformulation de l'assistant", brief.reformulation);
  row(list, "Ce que le client souhaite", brief.wish || "pas encore dit");
  const proposals = document.getElementById("proposals");
  proposals.replaceChildren();
  for (const p of brief.proposals || []) {
    proposals.append(el("li", {}, `${p.label || p.remedy}${p.due_text ? ` (${p.due_text})` : ""} : ${p.answer_label || "sans réponse"}`));
  }
  if (!(brief.proposals || []).length) proposals.append(el("li", { class: "empty" }, "Aucune proposition."));
  const notes = document.getElementById("notes");
  notes.replaceChildren();
  for (const n of brief.notes || []) notes.append(el("li", {}, `${n.advisor_name} : ${n.text}`));
}

function renderTranscript(transcript) {
  const list = document.getElementById("transcript");
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 20;
  list.replaceChildren();
  for (const turn of transcript || []) {
    const who = turn.who === "advisor" ? (turn.name || WHO.advisor) : WHO[turn.who] || turn.who;
    list.append(el("li", { class: `turn ${turn.who}` },
      el("span", { class: "who" }, `${who} · ${turn.at || ""}`),
      el("p", { class: "text" }, ...rich(turn.text || ""))));
  }
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function fillSelect(select, options, chosen) {
  const keep = select.value || chosen;
  select.replaceChildren(...options.map((o) => el("option", { value: o.value }, o.label)));
  if (keep && options.some((o) => o.value === keep)) select.value = keep;
}

function renderRemedies() {
  const category = (state.categories || []).find((c) => c.name === document.getElementById("hb-category").value);
  fillSelect(document.getElementById("hb-remedy"), (category ? category.remedies : []).map((r) => ({ value: r.id, label: r.label })));
}

function renderConversation(snapshot) {
  state = snapshot;
  const brief = snapshot.brief || {};
  renderBrief(brief);
  document.getElementById("chart").innerHTML = snapshot.chart || "";
  renderTranscript(brief.transcript);
  const owner = snapshot.owner || {};
  const takeBox = document.getElementById("take-box");
  const held = document.getElementById("held");
  takeBox.hidden = !(owner.state === "waiting" || owner.state === "callback");
  held.hidden = !snapshot.mine;
  if (owner.state === "advisor" && !snapshot.mine) notice(`Conversation tenue par ${owner.advisor_name}.`);
  const current = brief.current_emotion;
  document.getElementById("current-emotion").textContent = current ? `${current.label} (${Math.round(current.intensity * 100)} %)` : "—";
  const box = document.getElementById("suggestions");
  box.replaceChildren(...(snapshot.suggestions || []).map((s) => el("button", { type: "button", class: "suggestion", onclick: () => insert(s) }, s)));
  fillSelect(document.getElementById("status"), (snapshot.statuses || []).map((s) => ({ value: s.name, label: s.label })), brief.status);
  fillSelect(document.getElementById("hb-category"), (snapshot.categories || []).map((c) => ({ value: c.name, label: c.label })), brief.category);
  renderRemedies();
  const date = document.getElementById("hb-date");
  date.min = snapshot.today;
}

function insert(suggestion) {
  const box = document.getElementById("reply");
  box.value = box.value ? `${box.value} ${suggestion}` : suggestion;
  box.focus();
}

function bindConversation() {
  document.getElementById("take").onclick = () => post("take");
  document.getElementById("send").onclick = async () => {
    const box = document.getElementById("reply");
    if (await post("reply", { text: box.value })) box.value = "";
  };
  document.getElementById("add-note").onclick = async () => {
    const box = document.getElementById("note");
    if (await post("note", { text: box.value })) box.value = "";
  };
  document.getElementById("status").onchange = (e) => post("status", { status: e.target.value });
  document.getElementById("release").onclick = () => post("release");
  document.getElementById("hb-category").onchange = renderRemedies;
  document.getElementById("hand-back").onclick = () => post("hand-back", {
    category: document.getElementById("hb-category").value,
    remedy: document.getElementById("hb-remedy").value,
    due_date: document.getElementById("hb-date").value,
  });
  document.getElementById("close").onclick = () => post("close", { status: "resolved" });
}

// ---------------------------------------------------------------- live
function connect() {
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  const live = document.getElementById("live");
  socket.onopen = () => {
    live.textContent = "en direct";
    live.className = "live on";
    if (conversationId) socket.send(JSON.stringify({ watch: conversationId }));
  };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "queue") renderQueue(message.queue);
    else if (message.type === "conversation" && conversationId) renderConversation(message);
    else if (message.type === "error") notice(message.error, true);
  };
  socket.onclose = (event) => {
    live.textContent = "hors ligne";
    live.className = "live";
    if (event.code === 4401) { location.href = "/connexion"; return; }
    setTimeout(connect, 2000);
  };
}

if (page === "conversation") bindConversation();
connect();
