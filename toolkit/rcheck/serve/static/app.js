// rcheck serve: the page. It talks only to the JSON API under /api/ and keeps the chosen file in
// the browser, sending it again for each download, so the server never has to hold a draft.
"use strict";

const SEVERITIES = ["error", "warning", "info"];
const SEVERITY_NAMES = { error: "错误", warning: "警告", info: "提示" };
const $ = (id) => document.getElementById(id);

const state = {
  maxUploadMb: 20,
  rules: new Map(),   // code -> rule (title, doc, bad, good)
  file: null,         // the File last checked
  findings: [],
  text: [],           // the draft as code points: finding offsets count code points
  sourceFormat: "text",
  kind: null,
  marks: [],          // finding index -> its first <mark>
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

function setStatus(id, message, isError = false) {
  const node = $(id);
  node.textContent = message;
  node.classList.toggle("error", isError);
}

async function errorText(response) {
  try {
    const body = await response.json();
    if (body && body.error) return body.error;
  } catch (_) { /* not JSON: fall through */ }
  return `服务返回错误（HTTP ${response.status}）`;
}

async function post(path, fields) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null || v === "") continue;
    if (v instanceof File) form.append(k, v, v.name);
    else form.append(k, v);
  }
  let response;
  try {
    response = await fetch(path, { method: "POST", body: form });
  } catch (_) {
    throw new Error("无法连接到 rcheck 服务，请确认 rcheck serve 仍在运行");
  }
  if (!response.ok) throw new Error(await errorText(response));
  return response;
}

function tooLarge(file) {
  if (file.size <= state.maxUploadMb * 1024 * 1024) return null;
  return `${file.name}：文件超过 ${state.maxUploadMb} MB 的上限，未上传`;
}

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function stem(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

function fixedName(name, sourceFormat) {
  const dot = name.lastIndexOf(".");
  const ext = sourceFormat === "docx" ? ".docx" : (dot > 0 ? name.slice(dot) : ".txt");
  return `${stem(name)}.fixed${ext}`;
}

async function busy(buttons, work) {
  buttons.forEach((b) => { b.disabled = true; });
  try { await work(); } finally { buttons.forEach((b) => { b.disabled = false; }); }
}

// ------------------------------------------------------------------------------------ tabs

function setupTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  const select = (tab) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute("aria-selected", String(on));
      t.tabIndex = on ? 0 : -1;
      $(t.getAttribute("aria-controls")).hidden = !on;
    }
    tab.focus();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (step) { e.preventDefault(); select(tabs[(i + step + tabs.length) % tabs.length]); }
      if (e.key === "Home") { e.preventDefault(); select(tabs[0]); }
      if (e.key === "End") { e.preventDefault(); select(tabs[tabs.length - 1]); }
    });
  });
}

// ------------------------------------------------------------------------------------ check

async function check(file) {
  const problem = tooLarge(file);
  if (problem) { setStatus("status", problem, true); return; }
  setStatus("status", `正在检查 ${file.name}……`);
  const controls = [$("choose"), $("check-pasted")];
  await busy(controls, async () => {
    try {
      const response = await post("/api/lint", { file, include: "text" });
      const payload = await response.json();
      show(file, payload.files[0]);
    } catch (err) {
      setStatus("status", err.message, true);
    }
  });
}

function show(file, result) {
  state.file = file;
  state.findings = result.findings;
  state.text = Array.from(result.text);
  state.sourceFormat = result.source_format;
  state.kind = result.kind;
  $("draft-name").textContent = `（${result.path}）`;
  $("dl-annotated").hidden = result.source_format !== "docx";
  $("dl-fixed").textContent = result.source_format === "docx"
    ? "下载修改后的 Word 副本（修订模式）" : "下载修改后的副本";
  buildFilters();
  $("result").hidden = false;
  render();
  const n = state.findings.length;
  setStatus("status", n ? `${result.path}：检查完成，发现 ${n} 个问题。` : `${result.path}：检查完成，未发现问题。`);
}

function counts(findings) {
  const out = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity] += 1;
  return out;
}

function buildFilters() {
  const c = counts(state.findings);
  const box = $("severity-filters");
  box.replaceChildren();
  for (const s of SEVERITIES) {
    const input = el("input", { type: "checkbox", id: `show-${s}`, value: s });
    input.checked = true;
    input.disabled = c[s] === 0;  // nothing of this severity to show or hide
    input.addEventListener("change", render);
    box.append(el("label", { for: `show-${s}` }, input, ` ${SEVERITY_NAMES[s]}（${c[s]}）`));
  }
  const select = $("rule-filter");
  select.replaceChildren(el("option", { value: "", text: "全部规则" }));
  const byCode = new Map();
  for (const f of state.findings) byCode.set(f.code, (byCode.get(f.code) || 0) + 1);
  for (const code of [...byCode.keys()].sort()) {
    const rule = state.rules.get(code);
    const title = rule ? rule.title : "";
    select.append(el("option", { value: code, text: `${code} ${title}（${byCode.get(code)}）` }));
  }
  select.onchange = render;
}

function filters() {
  const severities = SEVERITIES.filter((s) => $(`show-${s}`).checked);
  return { severities, code: $("rule-filter").value };
}

function visible() {
  const { severities, code } = filters();
  const out = [];
  state.findings.forEach((f, i) => {
    if (severities.includes(f.severity) && (!code || f.code === code)) out.push(i);
  });
  return out;
}

function render() {
  const shown = visible();
  renderSummary(shown);
  renderText(shown);
  renderList(shown);
}

function renderSummary(shown) {
  const c = counts(state.findings);
  const total = state.findings.length;
  const parts = SEVERITIES.filter((s) => c[s]).map((s) => `${SEVERITY_NAMES[s]} ${c[s]}`);
  $("summary").replaceChildren(
    el("strong", { text: total ? `共 ${total} 个问题` : "未发现问题" }),
    parts.length ? `：${parts.join("，")}` : "",
    el("span", { class: "kind", text: state.kind ? `报告类型：${state.kind}` : "" }),
  );
  $("shown").textContent = shown.length === total ? "" : `显示其中 ${shown.length} 个`;
}

function rank(severity) { return SEVERITIES.length - SEVERITIES.indexOf(severity); }

function worst(indices) {
  let best = "info";
  for (const i of indices) if (rank(state.findings[i].severity) > rank(best)) best = state.findings[i].severity;
  return best;
}

function describe(indices) {
  return indices.map((i) => `${state.findings[i].code} ${state.findings[i].message}`).join("；");
}

// The draft with a <mark> on every stretch that visible findings cover: a sweep over the
// offsets where a finding starts or ends, so overlapping findings share marks, and a small
// ▲ mark where a finding has no characters (a missing section).
function renderText(shown) {
  const text = state.text;
  const starts = new Map();
  const points = new Map();
  const cuts = new Set([0, text.length]);
  for (const i of shown) {
    const f = state.findings[i];
    const start = Math.min(f.start, text.length);
    const end = Math.min(f.end, text.length);
    if (end <= start) {
      if (!points.has(start)) points.set(start, []);
      points.get(start).push(i);
      cuts.add(start);
      continue;
    }
    if (!starts.has(start)) starts.set(start, []);
    starts.get(start).push(i);
    cuts.add(start); cuts.add(end);
  }
  const order = [...cuts].sort((a, b) => a - b);
  const box = $("text");
  const frag = document.createDocumentFragment();
  const active = new Set();
  state.marks = [];
  for (let k = 0; k < order.length; k++) {
    const at = order[k];
    for (const i of [...active]) if (Math.min(state.findings[i].end, text.length) <= at) active.delete(i);
    for (const i of starts.get(at) || []) active.add(i);
    if (points.has(at)) {
      const ids = points.get(at);
      const mark = el("mark", { class: `point sev-${worst(ids)}`, title: describe(ids), "data-f": ids.join(" ") });
      for (const i of ids) state.marks[i] = mark;
      frag.append(mark);
    }
    if (k === order.length - 1) break;
    const piece = text.slice(at, order[k + 1]).join("");
    if (!active.size) { frag.append(piece); continue; }
    const ids = [...active];
    const mark = el("mark", { class: `sev-${worst(ids)}`, title: describe(ids), "data-f": ids.join(" ") }, piece);
    for (const i of ids) if (!state.marks[i]) state.marks[i] = mark;
    frag.append(mark);
  }
  box.replaceChildren(frag);
}

function advice(f) {
  if (f.suggestion === "") return "建议删除";
  if (f.suggestion !== null && f.suggestion !== undefined) return `建议改为“${f.suggestion}”`;
  return "";
}

function renderList(shown) {
  const groups = $("groups");
  groups.replaceChildren();
  if (!state.findings.length) {
    groups.append(el("p", { class: "none", text: "没有发现问题。" }));
    return;
  }
  if (!shown.length) {
    groups.append(el("p", { class: "hint", text: "按当前筛选条件没有问题可显示。" }));
    return;
  }
  for (const s of SEVERITIES) {
    const ofSeverity = shown.filter((i) => state.findings[i].severity === s);
    if (!ofSeverity.length) continue;
    const section = el("section", { class: `sev-group sev-${s}`, "aria-label": SEVERITY_NAMES[s] });
    section.append(el("h3", { text: `${SEVERITY_NAMES[s]}（${ofSeverity.length}）` }));
    const byCode = new Map();
    for (const i of ofSeverity) {
      const code = state.findings[i].code;
      if (!byCode.has(code)) byCode.set(code, []);
      byCode.get(code).push(i);
    }
    for (const code of [...byCode.keys()].sort()) {
      const items = byCode.get(code);
      const rule = state.rules.get(code) || { title: state.findings[items[0]].rule, doc: "", bad: "", good: "" };
      const box = el("div", { class: "rule", "data-code": code });
      box.append(el("h4", {}, el("span", { class: "code", text: code }), ` ${rule.title}（${items.length}）`));
      if (rule.doc) {
        const details = el("details", {}, el("summary", { text: "规则说明和示例" }), el("p", { text: rule.doc }));
        if (rule.bad) details.append(el("p", { text: "错误示例：" }), el("p", { class: "example", text: rule.bad }));
        if (rule.good) details.append(el("p", { text: "正确示例：" }), el("p", { class: "example", text: rule.good }));
        box.append(details);
      }
      const list = el("ol");
      for (const i of items) {
        const f = state.findings[i];
        const button = el("button", { type: "button", class: "finding", "data-i": String(i) },
          el("span", { class: "where", text: `第 ${f.line} 行第 ${f.column} 列` }), f.message);
        if (f.excerpt && f.excerpt.trim()) button.append(" ", el("span", { class: "excerpt", text: `“${f.excerpt}”` }));
        const tip = advice(f);
        if (tip) button.append(el("span", { class: "advice", text: tip }));
        button.addEventListener("click", () => goTo(i, false));
        list.append(el("li", {}, button));
      }
      box.append(list);
      section.append(box);
    }
    groups.append(section);
  }
}

function clearCurrent() {
  document.querySelectorAll(".current").forEach((n) => n.classList.remove("current"));
}

// A finding chosen in the list: its mark is shown and outlined; a mark clicked in the text:
// its finding is shown and focused in the list.
function goTo(i, fromText) {
  clearCurrent();
  const mark = state.marks[i];
  const button = document.querySelector(`.finding[data-i="${i}"]`);
  if (mark) {
    mark.classList.add("current");
    mark.scrollIntoView({ block: "center", behavior: "smooth" });
  }
  if (button) {
    button.classList.add("current");
    if (fromText) { button.scrollIntoView({ block: "nearest" }); button.focus(); }
  }
}

function setupCheck() {
  const input = $("file");
  $("choose").addEventListener("click", () => input.click());
  input.addEventListener("change", () => { if (input.files.length) check(input.files[0]); input.value = ""; });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const files = e.dataTransfer ? e.dataTransfer.files : [];
    if (files.length) check(files[0]);
  });
  // A file dropped anywhere else must not make the browser leave the page to open it.
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());
  $("check-pasted").addEventListener("click", () => {
    const text = $("pasted").value;
    if (!text.trim()) { setStatus("status", "请先在文本框中粘贴文字。", true); $("pasted").focus(); return; }
    check(new File([text], "粘贴的文字.txt", { type: "text/plain" }));
  });
  $("text").addEventListener("click", (e) => {
    const mark = e.target.closest("mark");
    if (mark) goTo(Number(mark.dataset.f.split(" ")[0]), true);
  });
  const download = (button, path, fields, name) => button.addEventListener("click", () => busy([button], async () => {
    if (!state.file) return;
    const shown = filterFields();
    if (!shown) { setStatus("status", "当前筛选没有显示任何问题，请至少勾选一个级别。", true); return; }
    setStatus("status", "正在生成下载文件……");
    try {
      const response = await post(path, { file: state.file, ...shown, ...fields });
      saveBlob(await response.blob(), name());
      setStatus("status", `已生成 ${name()}。`);
    } catch (err) {
      setStatus("status", err.message, true);
    }
  }));
  download($("dl-annotated"), "/api/annotate", {}, () => `${stem(state.file.name)}.checked.docx`);
  // Only the safe fixes (marks, spaces, doubled words, listed typos); a .docx gets them as
  // tracked revisions, so each one can still be accepted or rejected in Word.
  $("dl-fixed").addEventListener("click", () => busy([$("dl-fixed")], async () => {
    if (!state.file) return;
    const { code } = filters();
    setStatus("status", "正在修改……");
    try {
      const response = await post("/api/fix", { file: state.file, select: code || undefined });
      const name = fixedName(state.file.name, state.sourceFormat);
      saveBlob(await response.blob(), name);
      const applied = response.headers.get("x-rcheck-applied") || "0";
      const left = response.headers.get("x-rcheck-remaining") || "0";
      setStatus("status", `已生成 ${name}：自动修改 ${applied} 处，其余 ${left} 个问题需人工处理。`);
    } catch (err) {
      setStatus("status", err.message, true);
    }
  }));
  download($("dl-csv"), "/api/findings", { format: "csv" }, () => `${stem(state.file.name)}.问题清单.csv`);
  download($("dl-xlsx"), "/api/findings", { format: "xlsx" }, () => `${stem(state.file.name)}.问题清单.xlsx`);
}

// Downloads hold what the filters show (null: the filters show nothing).
function filterFields() {
  const { severities, code } = filters();
  if (!severities.length) return null;
  return {
    select: code || undefined,
    severity: severities.length === SEVERITIES.length ? undefined : severities.join(","),
  };
}

// ------------------------------------------------------------------------------------ diff and plan

function setupPickers() {
  for (const button of document.querySelectorAll("button.choose")) {
    const input = $(button.dataset.for);
    button.addEventListener("click", () => input.click());
    input.addEventListener("change", () => {
      const name = input.id.replace("-file", "-name");
      $(name).textContent = input.files.length ? input.files[0].name : "未选择";
    });
  }
}

function picked(id, label, statusId) {
  const input = $(id);
  if (!input.files.length) { setStatus(statusId, `请先选择${label}。`, true); return null; }
  const file = input.files[0];
  const problem = tooLarge(file);
  if (problem) { setStatus(statusId, problem, true); return null; }
  return file;
}

function setupDiff() {
  let page = null;
  $("run-diff").addEventListener("click", () => busy([$("run-diff")], async () => {
    const old = picked("old-file", "旧版本", "diff-status");
    const neu = old && picked("new-file", "新版本", "diff-status");
    if (!neu) return;
    setStatus("diff-status", "正在对比……");
    try {
      const response = await post("/api/diff", { old, new: neu, format: "html" });
      page = await response.text();
      const frame = $("diff-frame");
      frame.srcdoc = page;
      frame.hidden = false;
      $("dl-diff").hidden = false;
      setStatus("diff-status", `对比完成：${old.name} → ${neu.name}。`);
    } catch (err) {
      setStatus("diff-status", err.message, true);
    }
  }));
  $("dl-diff").addEventListener("click", () => {
    if (page) saveBlob(new Blob([page], { type: "text/html" }), "对比报告.html");
  });
}

function setupPlan() {
  let file = null;
  $("run-plan").addEventListener("click", () => busy([$("run-plan")], async () => {
    file = picked("plan-file", "方案文稿", "plan-status");
    if (!file) return;
    setStatus("plan-status", "正在整理任务分工……");
    try {
      const response = await post("/api/graph", { file, format: "table" });
      const table = await response.json();
      const head = el("tr");
      for (const c of table.columns) head.append(el("th", { scope: "col", text: c }));
      $("plan-table").tHead.replaceChildren(head);
      const body = $("plan-table").tBodies[0];
      body.replaceChildren();
      for (const row of table.rows) {
        const tr = el("tr");
        for (const c of row.cells) tr.append(el("td", { text: c }));
        body.append(tr);
      }
      $("plan-table").hidden = !table.rows.length;
      $("dl-plan-csv").hidden = $("dl-plan-xlsx").hidden = !table.rows.length;
      setStatus("plan-status", table.rows.length ? `共 ${table.rows.length} 项任务。`
        : "没有找到带责任单位或时限的任务举措。", !table.rows.length);
    } catch (err) {
      setStatus("plan-status", err.message, true);
    }
  }));
  for (const fmt of ["csv", "xlsx"]) {
    const button = $(`dl-plan-${fmt}`);
    button.addEventListener("click", () => busy([button], async () => {
      if (!file) return;
      try {
        const response = await post("/api/graph", { file, format: fmt });
        saveBlob(await response.blob(), `${stem(file.name)}.任务分工表.${fmt}`);
      } catch (err) {
        setStatus("plan-status", err.message, true);
      }
    }));
  }
}

async function start() {
  setupTabs();
  setupCheck();
  setupPickers();
  setupDiff();
  setupPlan();
  try {
    const [health, rules] = await Promise.all([fetch("/healthz"), fetch("/api/rules")]);
    const info = await health.json();
    state.maxUploadMb = info.max_upload_mb;
    $("version").textContent = info.version;
    $("dl-fixed").hidden = !(info.features && info.features.fix);
    for (const r of await rules.json()) state.rules.set(r.code, r);
  } catch (_) {
    setStatus("status", "无法连接到 rcheck 服务，请确认 rcheck serve 仍在运行", true);
  }
  document.body.dataset.ready = "1";
}

start();
