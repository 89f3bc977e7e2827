// The trainers' review desk: the charts (Chart.js, served by the console itself) and the
// review moves (mark, tags, comment, label corrections) sent to /api/revue with the session's
// CSRF token. User text is only ever set with textContent.
"use strict";

const csrf = document.querySelector('meta[name="csrf"]').content;
const page = document.body.dataset.page;
const GRID = "#e3e6ec";
const SERIES = ["#24335a", "#c0392b", "#e67e22", "#27ae60", "#8e44ad", "#2c7fb8", "#7f8c8d", "#b45309"];

function notice(text, bad) {
  const box = document.getElementById("notice");
  if (!box) return;
  box.textContent = text || "";
  box.className = bad ? "notice bad" : "notice";
}

function decimal(value) {
  return Number(value).toFixed(2).replace(".", ",");
}

function readJson(node, name) {
  try {
    return JSON.parse(node.dataset[name] || "null");
  } catch (e) {
    return null;
  }
}

async function post(conversationId, move, body) {
  let response;
  try {
    response = await fetch(`/api/revue/conversations/${encodeURIComponent(conversationId)}/${move}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {}),
      credentials: "same-origin",
    });
  } catch (e) {
    notice("La console ne répond pas : vérifiez la connexion et réessayez.", true);
    return null;
  }
  let answer = {};
  try { answer = await response.json(); } catch (e) { answer = {}; }
  if (!response.ok) {
    notice(answer.error || "L'action n'a pas abouti.", true);
    return null;
  }
  return answer;
}

// ---------------------------------------------------------------- one conversation
function drawEmotionChart() {
  const canvas = document.getElementById("emotion-chart");
  if (!canvas || !window.Chart) return;
  const points = readJson(canvas, "points") || [];
  canvas.chart = new window.Chart(canvas, {
    type: "line",
    data: {
      labels: points.map((p) => `Message ${p.turn}`),
      datasets: [{
        label: "Intensité de l'émotion",
        data: points.map((p) => p.intensity),
        borderColor: "#9aa5c4",
        pointBackgroundColor: points.map((p) => p.colour),
        pointBorderColor: points.map((p) => p.colour),
        pointRadius: 5,
        tension: 0.2,
      }],
    },
    options: {
      animation: false,
      locale: "fr-FR",
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 1, title: { display: true, text: "Intensité" }, grid: { color: GRID } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => `${points[item.dataIndex].label} (${decimal(item.parsed.y)})` } },
      },
    },
  });
  canvas.dataset.drawn = String(points.length);
}

function bindReview(root) {
  const id = root.dataset.conversation;
  for (const button of root.querySelectorAll("button[data-status]")) {
    button.addEventListener("click", async () => {
      const answer = await post(id, "mark", { status: button.dataset.status });
      if (!answer) return;
      const label = document.getElementById("status-label");
      label.textContent = answer.status_label;
      label.className = `status-${answer.mark.status}`;
      notice("Statut enregistré.");
    });
  }
  document.getElementById("save-tags").addEventListener("click", async () => {
    const tags = document.getElementById("tags").value.split(",").map((t) => t.trim()).filter(Boolean);
    if (await post(id, "mark", { tags })) notice("Étiquettes enregistrées.");
  });
  document.getElementById("add-comment").addEventListener("click", async () => {
    const box = document.getElementById("comment");
    const answer = await post(id, "comment", { text: box.value });
    if (!answer) return;
    const list = document.getElementById("comments");
    const empty = list.querySelector(".empty");
    if (empty) empty.remove();
    const item = document.createElement("li");
    const who = document.createElement("strong");
    who.textContent = document.body.dataset.advisor || "";
    item.append(who, ` : ${box.value.trim()}`);
    list.append(item);
    box.value = "";
    notice("Commentaire ajouté.");
  });
  for (const form of root.querySelectorAll("form.correction")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const turn = Number(form.dataset.turn);
      const body = {
        turn,
        intent: form.elements.intent.value.trim(),
        emotion: form.elements.emotion.value,
        intensity: form.elements.intensity.value,
      };
      const answer = await post(id, "correct", body);
      if (!answer) return;
      const card = document.getElementById(`tour-${turn}`);
      if (body.intent) card.querySelector(".intent").textContent = body.intent;
      if (body.emotion) {
        const option = form.elements.emotion.selectedOptions[0];
        card.querySelector(".emotion").textContent = body.intensity !== "" ? `${option.textContent} (${decimal(body.intensity)})` : option.textContent;
      }
      let done = card.querySelector(".corrected");
      if (!done) {
        done = document.createElement("p");
        done.className = "corrected";
        form.closest("details.correct").before(done);
      }
      done.textContent = "Correction enregistrée.";
      form.closest("details.correct").open = false;
      notice(`Message ${turn} corrigé.`);
    });
  }
}

// ---------------------------------------------------------------- the dashboard
function drawWeeklyChart() {
  const canvas = document.getElementById("weekly-chart");
  if (!canvas || !window.Chart) return;
  const weekly = readJson(canvas, "weekly") || { weeks: [], series: [] };
  canvas.chart = new window.Chart(canvas, {
    type: "line",
    data: {
      labels: weekly.weeks,
      datasets: weekly.series.map((s, i) => ({
        label: s.label,
        data: s.counts,
        borderColor: SERIES[i % SERIES.length],
        backgroundColor: SERIES[i % SERIES.length],
        tension: 0,
      })),
    },
    options: {
      animation: false,
      locale: "fr-FR",
      maintainAspectRatio: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Conversations" }, grid: { color: GRID } } },
    },
  });
  canvas.dataset.drawn = String(weekly.series.length);
}

if (page === "review-conversation") {
  drawEmotionChart();
  const root = document.getElementById("review");
  if (root) bindReview(root);
} else if (page === "review-dashboard") {
  drawWeeklyChart();
}
